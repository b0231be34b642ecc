/**
 * What the framework adapters share: how a framework's conversation id becomes a {@link dev.agentsession.SessionRef}.
 */
@NullMarked
package dev.agentsession.conversation;

import org.jspecify.annotations.NullMarked;
