package dev.agentsession;

import org.jspecify.annotations.Nullable;

/**
 * The store's backend could not be reached or failed. The operation may or may not have been applied only
 * where the message says so; every store keeps its writes atomic, so a failed write is either whole or
 * absent. The store recovers by itself when the backend is back.
 */
public class SessionStoreUnavailableException extends AgentSessionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message what failed
     * @param cause the backend's exception
     */
    public SessionStoreUnavailableException(String message, @Nullable Throwable cause) {
        super(message, null, cause);
    }
}
