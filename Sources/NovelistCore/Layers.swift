// The core stands on the layers below it; whoever imports the core (the executable, the bench, the fuzz
// targets, the tests) sees them too. The layers themselves import only what their target depends on.
@_exported import NovelistLLM
@_exported import NovelistStory
@_exported import NovelistText
