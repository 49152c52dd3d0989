/// Token counts the server reported.
package struct Usage: Equatable, Sendable, Codable {
    package var promptTokens: Int
    package var completionTokens: Int
    package var cachedTokens: Int

    package init(promptTokens: Int, completionTokens: Int, cachedTokens: Int = 0) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.cachedTokens = cachedTokens
    }
}
