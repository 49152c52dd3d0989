import Foundation
import NovelistText

extension StoryStore {
    /// The content hash of a tracked file as last recorded, when the file has not changed since (the same
    /// stamp): what the appearance index keys chapters by, without hashing every chapter again (issue 15).
    package func knownHash(_ rel: String) -> String? {
        guard let k = known[rel], let stamp = k.stamp, fs.fileStamp(workspace.path(rel)) == stamp else { return nil }
        return k.hash
    }
}
