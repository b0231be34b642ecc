/**
 * The sample's Spring AI path: a {@code ChatClient} whose memory advisor keeps each conversation, tool calls
 * included, in Agent Session, answered by a scripted model unless the application has a real one.
 */
@NullMarked
package dev.agentsession.sample.ai;

import org.jspecify.annotations.NullMarked;
