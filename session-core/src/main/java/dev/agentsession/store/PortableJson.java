package dev.agentsession.store;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.exc.StreamWriteException;
import tools.jackson.core.util.JsonGeneratorDecorator;
import tools.jackson.core.util.JsonGeneratorDelegate;

/**
 * Makes every generator of the codec refuse what JSON text cannot carry to every store: NaN and the infinities
 * (JSON has no such number, and Jackson would write them as strings, which read back as strings) and unpaired
 * surrogates in strings and names (UTF-8 cannot encode them: databases store {@code ?} instead, so two values
 * differing only there would read back the same).
 */
final class PortableJson implements JsonGeneratorDecorator {

    @Override
    public JsonGenerator decorate(TokenStreamFactory factory, JsonGenerator generator) {
        return new JsonGeneratorDelegate(generator) {

            @Override
            public JsonGenerator writeNumber(double value) {
                requireFinite(Double.isFinite(value));
                return super.writeNumber(value);
            }

            @Override
            public JsonGenerator writeNumber(float value) {
                requireFinite(Float.isFinite(value));
                return super.writeNumber(value);
            }

            @Override
            public JsonGenerator writeString(String text) {
                if (text != null) {
                    requireWellFormed(text);
                }
                return super.writeString(text);
            }

            @Override
            public JsonGenerator writeString(char[] text, int offset, int length) {
                requireWellFormed(new String(text, offset, length));
                return super.writeString(text, offset, length);
            }

            @Override
            public JsonGenerator writeName(String name) {
                requireWellFormed(name);
                return super.writeName(name);
            }

            private void requireFinite(boolean finite) {
                if (!finite) {
                    throw new StreamWriteException(this, "NaN and infinities are not JSON numbers");
                }
            }

            private void requireWellFormed(String text) {
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        i++;
                    }
                    else if (Character.isSurrogate(c)) {
                        throw new StreamWriteException(this,
                                "A string has an unpaired surrogate U+%04X at index %d, which UTF-8 cannot encode"
                                    .formatted((int) c, i));
                    }
                }
            }
        };
    }
}
