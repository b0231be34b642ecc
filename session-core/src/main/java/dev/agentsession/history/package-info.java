/**
 * History management: compaction of a long conversation into a summary plus its recent turns. A
 * {@link dev.agentsession.history.CompactionPolicy} says how much to keep, a {@link dev.agentsession.history.Summarizer}
 * (the application's model call) writes the summary, and the {@code COMPACTION} event that records it is read back
 * with {@link dev.agentsession.history.Compaction#of(dev.agentsession.SessionEvent)}.
 */
@NullMarked
package dev.agentsession.history;

import org.jspecify.annotations.NullMarked;
