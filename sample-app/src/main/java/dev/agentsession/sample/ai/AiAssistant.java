package dev.agentsession.sample.ai;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.client.advisor.ToolCallingAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.stereotype.Component;

/**
 * The Spring AI assistant: a {@link ChatClient} on the application's {@link ChatModel} with the
 * {@link WeatherTool}, whose memory advisor keeps each conversation in Agent Session. The {@link ChatMemory} is the
 * one Spring AI auto-configures, a window on the Agent Session chat memory repository.
 */
@Component
public class AiAssistant {

    static final String SYSTEM = "You are the Agent Session sample's assistant. Use the weather tool for weather "
            + "questions and answer in one sentence.";

    private final ChatClient chat;

    AiAssistant(ChatModel model, ChatMemory memory, WeatherTool weather) {
        this.chat = ChatClient.builder(model)
            .defaultSystem(SYSTEM)
            // Inside the tool-calling loop, the advisor stores each tool call and tool result too, not only the
            // question and the final answer.
            .defaultAdvisors(
                    MessageChatMemoryAdvisor.builder(memory).order(ToolCallingAdvisor.DEFAULT_ORDER + 1).build())
            .defaultTools(weather)
            .build();
    }

    /**
     * Answers one message of a conversation; the conversation's history is read from and written to Agent Session.
     * @param conversationId the conversation
     * @param text what the user says
     * @return the model's answer
     */
    public String reply(String conversationId, String text) {
        String answer = this.chat.prompt()
            .user(text)
            .advisors((advisors) -> advisors.param(ChatMemory.CONVERSATION_ID, conversationId))
            .call()
            .content();
        return (answer != null) ? answer : "";
    }
}
