package dev.agentsession.observation;

import java.util.Locale;

import dev.agentsession.SessionAlreadyExistsException;
import dev.agentsession.SessionArchivedException;
import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.SessionLeasedException;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionStoreUnavailableException;
import dev.agentsession.StaleSessionException;
import dev.agentsession.auth.AuthDecryptionException;

/**
 * How an observed operation ended: the {@code outcome} key of its observation. A closed set, so that the key
 * keeps a low cardinality whatever the exception.
 */
public enum SessionOperationOutcome {

    /** The call returned, whatever it returned (an empty {@code find} is a success too). */
    SUCCESS(false),

    /** A write given an expected version found another one ({@link StaleSessionException}). */
    STALE(false),

    /** The session does not exist or has expired ({@link SessionNotFoundException}). */
    NOT_FOUND(false),

    /** A session with the given id exists already ({@link SessionAlreadyExistsException}). */
    ALREADY_EXISTS(false),

    /** The session is archived and refuses changes ({@link SessionArchivedException}). */
    ARCHIVED(false),

    /** A run lease refused the operation ({@link SessionLeasedException}). */
    LEASED(false),

    /** The caller passed an invalid argument ({@link IllegalArgumentException}). */
    INVALID(false),

    /** The backend could not be reached or is not set up ({@link SessionStoreUnavailableException}). */
    UNAVAILABLE(true),

    /**
     * Stored data could not be read: {@link SessionDataCorruptedException}, or an
     * {@link AuthDecryptionException} when no configured key decrypts a stored credential.
     */
    CORRUPTED(true),

    /** Any other exception. */
    ERROR(true);

    private final String value;

    private final boolean failure;

    SessionOperationOutcome(boolean failure) {
        this.value = name().toLowerCase(Locale.ROOT);
        this.failure = failure;
    }

    /**
     * The value of the {@code outcome} key, such as {@code not_found}.
     * @return the value
     */
    public String value() {
        return this.value;
    }

    /**
     * Whether the outcome is a failure an operator must look at, rather than an answer the caller's code
     * handles (a stale version, a missing session, a bad argument). Only failures are recorded as the
     * observation's error, so only they mark a trace span as failed.
     * @return {@code true} for {@link #UNAVAILABLE}, {@link #CORRUPTED} and {@link #ERROR}
     */
    public boolean isFailure() {
        return this.failure;
    }

    /**
     * The outcome of a call that threw.
     * @param ex what it threw
     * @return the outcome, {@link #ERROR} for an exception this library does not define
     */
    public static SessionOperationOutcome of(Throwable ex) {
        if (ex instanceof StaleSessionException) {
            return STALE;
        }
        if (ex instanceof SessionNotFoundException) {
            return NOT_FOUND;
        }
        if (ex instanceof SessionAlreadyExistsException) {
            return ALREADY_EXISTS;
        }
        if (ex instanceof SessionArchivedException) {
            return ARCHIVED;
        }
        if (ex instanceof SessionLeasedException) {
            return LEASED;
        }
        if (ex instanceof IllegalArgumentException) {
            return INVALID;
        }
        if (ex instanceof SessionStoreUnavailableException) {
            return UNAVAILABLE;
        }
        if (ex instanceof SessionDataCorruptedException || ex instanceof AuthDecryptionException) {
            return CORRUPTED;
        }
        return ERROR;
    }
}
