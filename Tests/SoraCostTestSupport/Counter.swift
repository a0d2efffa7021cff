import Foundation

/// A thread-safe count of calls, for servers and faults that misbehave a fixed number of times.
public final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    public init() {}

    /// The count before this call.
    public func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value - 1
    }
}
