import Foundation

/// Values appended from any thread (a server's handler, a retry callback), read back in order.
///
/// `@unchecked Sendable`: `items` is only touched under `lock`.
public final class LockedList<Element>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Element] = []

    public init() {}

    /// Everything appended so far.
    public var values: [Element] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }

    public func append(_ value: Element) {
        lock.lock()
        items.append(value)
        lock.unlock()
    }
}
