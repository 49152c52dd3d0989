import NovelistStory

/// The open story as one value: its folder, its card (story.yaml) and its store (history, lock, outside-edit
/// detection). `Session.openStory` holds one or none; `StoryCommand`s are handed it by the router, so no
/// handler checks for an open story itself. A class, so that a card re-read after /undo is seen by everyone.
package final class OpenStory {
    package let workspace: StoryWorkspace
    package internal(set) var meta: StoryMeta
    package let store: StoryStore

    init(workspace: StoryWorkspace, meta: StoryMeta, store: StoryStore) {
        self.workspace = workspace
        self.meta = meta
        self.store = store
    }
}
