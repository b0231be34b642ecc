package dev.agentsession.store;

import java.math.BigDecimal;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ValueNode;

/**
 * Makes the decimal nodes of every tree the codec reads follow {@link SessionCodec#decimal(BigDecimal)}: a double
 * node when a {@code double} holds the written number exactly, a decimal node otherwise.
 */
final class ReadBackNodeFactory extends JsonNodeFactory {

    private static final long serialVersionUID = 1L;

    @Override
    public ValueNode numberNode(BigDecimal value) {
        if (value == null) {
            return nullNode();
        }
        return (SessionCodec.decimal(value) instanceof Double number) ? numberNode(number.doubleValue())
                : super.numberNode(value);
    }
}
