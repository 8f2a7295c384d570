import Dispatch
import Synchronization

/// A value made on another thread, started when the `Pending` is created and waited for when
/// first read. `enkat compile` loads the Swedish lexicon this way (about 70 ms, on one thread)
/// while the responses are found, parsed and checked.
public final class Pending<Value: Sendable>: Sendable {
    private let done = DispatchGroup()
    private let made = Mutex<Value?>(nil)

    /// Starts `make` on a background thread.
    public init(_ make: @escaping @Sendable () -> Value) {
        done.enter()
        DispatchQueue.global(qos: .userInitiated).async {
            let value = make()
            self.made.withLock { $0 = value }
            self.done.leave()
        }
    }

    /// A value that is already there.
    public init(ready value: Value) {
        made.withLock { $0 = value }
    }

    /// The value, once `make` has returned.
    public var value: Value {
        done.wait()
        return made.withLock { $0! }
    }
}
