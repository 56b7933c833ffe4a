/// Where a directory store keeps things:
///
/// ```
/// <directory>/
///   .lock                     held (flock) by the one process writing snapshots here
///   .staging/                 snapshots being written; emptied when a writer opens the store
///   .deleting-…               a snapshot being deleted (removed when a writer opens the store, after a crash)
///     snapshot-000000000008/  files of snapshot 8, manifest written last, then the whole directory is renamed
///   snapshot-000000000007/    a complete snapshot
///     manifest                header line + JSON (see SnapshotManifest.encoded())
///     0000-<vertex>-<instance>.seg   one segment per processor instance
/// ```
///
/// A snapshot appears under its final name only by a rename after its manifest and every file are durable, so a
/// crash at any moment leaves either the previous state or the complete new snapshot.
struct DirectoryLayout: Sendable {
    let root: String

    var staging: String { root + "/.staging" }
    var lockFile: String { root + "/.lock" }

    static let prefix = "snapshot-"
    static let manifestName = "manifest"
    /// Snapshots being deleted are first renamed to this prefix, so a half-removed one never looks like one.
    static let deletingPrefix = ".deleting-"

    static func name(of id: Int64) -> String {
        let digits = String(id)
        return prefix + String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    /// The id a snapshot directory name stands for, or nil for any other name.
    static func id(fromName name: String) -> Int64? {
        guard name.hasPrefix(prefix) else { return nil }
        let digits = name.dropFirst(prefix.count)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return Int64(digits)
    }

    func snapshot(_ id: Int64) -> String { root + "/" + Self.name(of: id) }
    func staged(_ id: Int64) -> String { staging + "/" + Self.name(of: id) }

    /// A file name for a segment that is unique within the snapshot and readable: its index, the vertex name
    /// reduced to safe characters, the instance.
    static func segmentFileName(index: Int, vertex: String, instance: Int) -> String {
        let safe = String(
            vertex.unicodeScalars.prefix(80).map { scalar -> Character in
                scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
                    ? Character(scalar) : "_"
            })
        let number = String(index)
        return String(repeating: "0", count: max(0, 4 - number.count)) + number + "-\(safe)-\(instance).seg"
    }
}
