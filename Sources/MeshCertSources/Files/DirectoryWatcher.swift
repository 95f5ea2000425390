#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Tells a file source whether anything it read may have changed since its last walk, so a tree that
/// did not change is not stat'ed file by file on every scrape (10,000 files: most of a warm scrape).
///
/// Linux inotify, one instance for the whole process (the kernel allows 128 per user): every directory a
/// walk went through, every directory holding a file it found, the directory a linked file points into,
/// the directory of each link along a named path, and files mounted on their own (`FileTreeWalker.directories`)
/// are watched for entries created, deleted, renamed, written or changed in their attributes. An
/// event marks every source watching that directory changed; a lost event queue (overflow) marks all.
/// Where inotify is missing or a watch cannot be added (the user's watch limit), `register` or `watch`
/// says so and the source walks at every collection, as without it.
final class DirectoryWatcher: Sendable {
    typealias Owner = UInt64

    /// One watcher per process; `nil` where there is no inotify or it could not be started.
    static let shared = DirectoryWatcher()

    private struct State {
        var descriptor: Int32
        var owners: [Int32: Set<Owner>] = [:]
        var watches: [Owner: Set<Int32>] = [:]
        var changed: Set<Owner> = []
        var nextOwner: Owner = 1
    }

    private let state: Mutex<State>

    private init?() {
        #if os(Linux)
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        state = Mutex(State(descriptor: descriptor))
        #else
        return nil
        #endif
    }

    /// A new owner, changed until its first walk is watched.
    func register() -> Owner {
        state.withLock { state in
            defer { state.nextOwner += 1 }
            state.watches[state.nextOwner] = []
            state.changed.insert(state.nextOwner)
            return state.nextOwner
        }
    }

    func unregister(_ owner: Owner) {
        state.withLock { state in
            for watch in state.watches.removeValue(forKey: owner) ?? [] { Self.release(watch, of: owner, in: &state) }
            state.changed.remove(owner)
        }
    }

    /// Whether anything the owner watches changed since the last call (or its watch was never complete);
    /// the answer is taken, so events after this call are the next call's.
    func takeChanged(_ owner: Owner) -> Bool {
        state.withLock { state in
            Self.drain(&state)
            return state.changed.remove(owner) != nil
        }
    }

    /// Watches exactly these directories for the owner (added before, dropped if no longer named).
    /// `complete` is false when one could not be watched; `added` counts the directories new to the
    /// owner, whose changes between the walk and now only the next walk can see.
    func watch(_ owner: Owner, directories: Set<String>) -> (complete: Bool, added: Int) {
        #if os(Linux)
        let mask = UInt32(IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF)
        return state.withLock { state in
            var complete = true
            var now: Set<Int32> = []
            for directory in directories {
                // Added again at every walk: a path such as `mount/..data` leads to another directory after a swap.
                let watch = PathText.withCString(directory) { inotify_add_watch(state.descriptor, $0, mask) }
                if watch < 0 { complete = false } else { now.insert(watch) }
            }
            let before = state.watches[owner] ?? []
            for watch in before.subtracting(now) { Self.release(watch, of: owner, in: &state) }
            for watch in now { state.owners[watch, default: []].insert(owner) }
            state.watches[owner] = now
            return (complete, now.subtracting(before).count)
        }
        #else
        return (false, 0)
        #endif
    }

    private static func release(_ watch: Int32, of owner: Owner, in state: inout State) {
        state.owners[watch]?.remove(owner)
        if state.owners[watch]?.isEmpty ?? false {
            state.owners[watch] = nil
            #if os(Linux)
            _ = inotify_rm_watch(state.descriptor, watch)
            #endif
        }
    }

    /// Reads every queued event and marks the owners of its directory changed.
    private static func drain(_ state: inout State) {
        #if os(Linux)
        let header = MemoryLayout<inotify_event>.size
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(state.descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return }  // EAGAIN: the queue is empty
            var offset = 0
            while offset + header <= count {
                let (watch, mask, length) = buffer.withUnsafeBytes { bytes in
                    let event = bytes.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.wd, event.mask, Int(event.len))
                }
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    state.changed.formUnion(state.watches.keys)
                } else if let owners = state.owners[watch] {
                    state.changed.formUnion(owners)
                }
                offset += header + length
            }
        }
        #endif
    }
}
