package dev.agentsession.sample.ai;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The scripted model, unless the application has a {@link ChatModel} of its own. An auto-configuration, ordered
 * after every other, rather than a bean of the sample's configuration: a model that a Spring AI starter
 * auto-configures (OpenAI, Ollama...) is defined after the application's own beans, so only here does the
 * condition see it.
 */
@AutoConfiguration
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
public final class ScriptedChatModelAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ChatModel.class)
    ChatModel scriptedChatModel() {
        return new ScriptedChatModel();
    }
}
