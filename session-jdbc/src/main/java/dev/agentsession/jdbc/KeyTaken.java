package dev.agentsession.jdbc;

/**
 * A write skipped a lookup and inserted a row whose unique key is taken: an append's event whose id the session
 * holds already, or a create whose ref has a row (an expired session cleanup has not removed yet, or a live one).
 * The transaction rolls back and the write runs again with the lookup first. Nearly every write inserts a key that
 * is free, so it saves the lookup's round trip; a client's retry pays for it instead. Skipping the locking lookup
 * of a create also takes no gap lock on InnoDB, where two creates each holding one on the same gap of the ref index
 * deadlocked on their inserts.
 */
final class KeyTaken extends RuntimeException {

    private static final long serialVersionUID = 1L;

    KeyTaken(Throwable cause) {
        super("A unique key of the write is taken", cause, false, false);
    }
}
