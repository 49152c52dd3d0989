import Foundation
import Synchronization

extension Array where Element: Sendable {
    /// `map` on every core when there are at least `minimum` elements (below that, threads cost more than they
    /// save); the results in order. For reading and hashing many story files (issue 19).
    package func parallelMap<T: Sendable>(minimum: Int = 16, _ transform: @escaping @Sendable (Element) -> T) -> [T] {
        guard count >= minimum else { return map(transform) }
        let results = Mutex([T?](repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: count) { i in
            let r = transform(self[i])
            results.withLock { $0[i] = r }
        }
        return results.withLock { $0.map { $0! } }
    }
}
