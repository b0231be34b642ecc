package dev.agentsession.sample.ai;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Spring AI path's REST API: one message of a conversation, answered by the {@link AiAssistant}. The stored
 * conversation is a session: with the default resolver, user and session id are the conversation id.
 */
@RestController
public class AiChatController {

    private final AiAssistant assistant;

    AiChatController(AiAssistant assistant) {
        this.assistant = assistant;
    }

    @PostMapping("/ai/conversations/{conversationId}/messages")
    AiReply chat(@PathVariable String conversationId, @Valid @RequestBody AiMessage message) {
        return new AiReply(conversationId, this.assistant.reply(conversationId, message.text()));
    }

    /**
     * A message from the user.
     * @param text what the user says
     */
    record AiMessage(@NotBlank String text) {
    }

    /**
     * The assistant's answer.
     * @param conversationId the conversation
     * @param reply what the model answered
     */
    record AiReply(String conversationId, String reply) {
    }
}
