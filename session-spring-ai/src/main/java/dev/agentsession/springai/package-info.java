/**
 * Spring AI chat memory on Agent Session: a {@link org.springframework.ai.chat.memory.ChatMemoryRepository} that
 * Spring AI's {@code MessageWindowChatMemory} uses without rewriting history, a log-based
 * {@link org.springframework.ai.chat.memory.ChatMemory}, and their Spring Boot auto-configuration.
 */
@NullMarked
package dev.agentsession.springai;

import org.jspecify.annotations.NullMarked;
