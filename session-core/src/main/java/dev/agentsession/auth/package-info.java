/**
 * Auth sessions: the credentials an agent obtained for a user, per conversation thread, profile and
 * provider, with at most one active per provider. Persistent stores keep the {@link AuthContext} only
 * encrypted ({@link AuthContextCipher}).
 */
@NullMarked
package dev.agentsession.auth;

import org.jspecify.annotations.NullMarked;
