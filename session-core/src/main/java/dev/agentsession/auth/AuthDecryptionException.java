package dev.agentsession.auth;

import dev.agentsession.AgentSessionException;
import org.jspecify.annotations.Nullable;

/**
 * A stored credential could not be decrypted: it was written with a key that is neither
 * {@code agent.session.auth.encryption-key} nor one of {@code agent.session.auth.previous-keys}, or it was
 * altered. The stored data is left as it is.
 */
public class AuthDecryptionException extends AgentSessionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message what could not be decrypted and what to check
     * @param cause the cipher's failure, if any
     */
    public AuthDecryptionException(String message, @Nullable Throwable cause) {
        super(message, null, cause);
    }
}
