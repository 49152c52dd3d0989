import NovelistLLM

extension Settings {
    /// The part of the settings the chat client is handed.
    package var endpoint: ChatEndpoint {
        ChatEndpoint(
            baseURL: baseURL, apiKey: apiKey, keyVariable: keyVariable, model: model, headers: headers,
            retries: retries, connectTimeout: connectTimeout, idleTimeout: idleTimeout
        )
    }
}

extension ChatClient {
    /// A client for the endpoint these settings name.
    package init(settings: Settings, transport: any HTTPTransport) {
        self.init(settings: settings.endpoint, transport: transport)
    }
}
