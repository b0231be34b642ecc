package dev.agentsession.privacy;

/**
 * What {@link UserDataManager#eraseUser(String, String)} deleted.
 *
 * @param sessions the user's sessions, each with its events, state and waits
 * @param documents the user's {@code USER} documents
 * @param authSessions the auth sessions of the user's threads
 */
public record UserErasure(int sessions, int documents, int authSessions) {
}
