import Foundation

/// A bounded queue from one producer thread to one consumer thread.
///
/// The producer blocks when `capacity` items wait, so a fast parser never runs far ahead of the
/// writer and memory stays flat. Either side may stop: `close()` from the consumer makes further
/// `put`s return false; `finish()` from the producer ends `take()` once the queue is empty.
final class HandOver<Item: Sendable>: @unchecked Sendable {
    // All state is guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [Item] = []
    private let capacity: Int
    private var closed = false
    private var finished = false
    /// Items the consumer is done with, for the producer to free (`giveBack`, `dropGivenBack`).
    private var spent: [Item] = []

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds an item, waiting for room; false if the consumer has closed the hand-over.
    func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= capacity && !closed { condition.wait() }
        guard !closed else { return false }
        queue.append(item)
        condition.broadcast()
        return true
    }

    /// The next item, or nil once the producer has finished and everything was taken.
    func take() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !finished { condition.wait() }
        guard !queue.isEmpty else { return nil }
        let item = queue.removeFirst()
        condition.broadcast()
        return item
    }

    /// Called by the consumer with an item it is done with: the producer frees it, so memory the
    /// producer's thread allocated is freed on that thread, off the consumer's (the import's
    /// writer, which bounds it; and glibc frees another thread's blocks under a lock).
    func giveBack(_ item: Item) {
        condition.lock()
        spent.append(item)
        condition.unlock()
    }

    /// Called by the producer: frees what the consumer gave back, on the calling thread.
    func dropGivenBack() {
        condition.lock()
        let items = spent
        spent = []
        condition.unlock()
        _ = consume items
    }

    /// Called by the producer when it will put nothing more.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Called by the consumer when it will take nothing more; the producer's `put` returns false.
    func close() {
        condition.lock()
        closed = true
        queue.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the producer has called `finish()`.
    func waitUntilFinished() {
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }
}

/// Hands a non-Sendable value to exactly one other thread, which becomes its only user.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
