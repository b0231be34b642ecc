/**
 * Spring Boot auto-configuration of the LangChain4j chat memory store.
 */
@NullMarked
package dev.agentsession.langchain4j.autoconfigure;

import org.jspecify.annotations.NullMarked;
