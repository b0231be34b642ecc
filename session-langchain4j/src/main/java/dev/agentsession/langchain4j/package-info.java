/**
 * LangChain4j chat memory on Agent Session: {@link dev.agentsession.langchain4j.SessionChatMemoryStore}, an
 * append-only {@code ChatMemoryStore} that keeps tool calls and tool results.
 */
@NullMarked
package dev.agentsession.langchain4j;

import org.jspecify.annotations.NullMarked;
