package io.jgrad.nn.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser for the JSON a safetensors header may hold: objects, arrays, strings,
 * integers and {@code null} (which the reference reader accepts for {@code __metadata__}),
 * nothing else (no {@code true}, {@code false}, fractions or exponents). Objects become
 * insertion-ordered {@code Map<String, Object>}s, arrays {@code List<Object>}s, strings
 * {@code String}s, integers {@code Long}s and {@code null} Java's null.
 *
 * <p>Hostile input cannot make it recurse deeply or build huge arrays: nesting is limited to
 * {@value #MAX_DEPTH} levels (header, tensor, shape) and arrays to {@value #MAX_ARRAY_LENGTH}
 * elements (a shape or an offset pair). Duplicate keys are rejected, since two tensors of the
 * same name would make the file ambiguous.
 */
final class JsonParser {
    static final int MAX_DEPTH = 3;
    static final int MAX_ARRAY_LENGTH = 64;
    private static final int QUOTE_LIMIT = 200;

    private final String text;
    private int pos;

    private JsonParser(String text) {
        this.text = text;
    }

    /**
     * Parses {@code text}, which must hold exactly one value, optionally surrounded by JSON
     * whitespace (writers pad headers with spaces).
     *
     * @throws SafeTensorsFormatException naming the character position and what was wrong
     */
    static Object parse(String text) throws SafeTensorsFormatException {
        JsonParser parser = new JsonParser(text);
        parser.skipWhitespace();
        Object value = parser.value(1);
        parser.skipWhitespace();
        if (parser.pos < text.length()) {
            throw parser.error(parser.pos, "unexpected " + parser.describeNext() + " after the end of the header object");
        }
        return value;
    }

    private Object value(int depth) throws SafeTensorsFormatException {
        if (pos >= text.length()) {
            throw error(pos, "unexpected end of the header");
        }
        char c = text.charAt(pos);
        if (c == '{') {
            return object(depth);
        }
        if (c == '[') {
            return array(depth);
        }
        if (c == '"') {
            return string();
        }
        if (c == '-' || isDigit(c)) {
            return integer();
        }
        if (text.startsWith("null", pos)) {
            pos += 4;
            return null;
        }
        throw error(pos, "unexpected " + describeNext()
                + "; a safetensors header holds only objects, arrays, strings, integers and null");
    }

    private Map<String, Object> object(int depth) throws SafeTensorsFormatException {
        checkDepth(depth);
        pos++;
        Map<String, Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (consume('}')) {
            return members;
        }
        while (true) {
            skipWhitespace();
            if (pos >= text.length() || text.charAt(pos) != '"') {
                throw error(pos, "expected a string key but found " + describeNext());
            }
            int keyAt = pos;
            String key = string();
            if (members.containsKey(key)) {
                throw error(keyAt, "duplicate key " + quote(key));
            }
            skipWhitespace();
            expect(':');
            skipWhitespace();
            members.put(key, value(depth + 1));
            skipWhitespace();
            if (consume('}')) {
                return members;
            }
            expect(',');
        }
    }

    private List<Object> array(int depth) throws SafeTensorsFormatException {
        checkDepth(depth);
        int start = pos;
        pos++;
        List<Object> elements = new ArrayList<>();
        skipWhitespace();
        if (consume(']')) {
            return elements;
        }
        while (true) {
            if (elements.size() == MAX_ARRAY_LENGTH) {
                throw error(start, "array longer than " + MAX_ARRAY_LENGTH
                        + " elements (the header's arrays are shapes and offset pairs)");
            }
            skipWhitespace();
            elements.add(value(depth + 1));
            skipWhitespace();
            if (consume(']')) {
                return elements;
            }
            expect(',');
        }
    }

    private String string() throws SafeTensorsFormatException {
        int start = pos;
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error(start, "unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error(pos - 1, "control character " + codePoint(c) + " in a string must be escaped");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error(start, "unterminated string");
            }
            char escape = text.charAt(pos++);
            switch (escape) {
                case '"', '\\', '/' -> out.append(escape);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> unicodeEscape(out);
                default -> throw error(pos - 2, "invalid escape: backslash followed by " + printable(escape));
            }
        }
    }

    /** Appends the character of a {@code \\uXXXX} escape whose {@code \\u} was just read. */
    private void unicodeEscape(StringBuilder out) throws SafeTensorsFormatException {
        int escapeAt = pos - 2;
        char c = hex4();
        if (Character.isLowSurrogate(c)) {
            throw error(escapeAt, "lone low surrogate " + codePoint(c));
        }
        if (Character.isHighSurrogate(c)) {
            // A lone surrogate cannot be encoded in UTF-8, so other readers would reject the name.
            if (!text.startsWith("\\u", pos)) {
                throw error(escapeAt, "high surrogate " + codePoint(c) + " not followed by a low surrogate");
            }
            pos += 2;
            char low = hex4();
            if (!Character.isLowSurrogate(low)) {
                throw error(escapeAt, "high surrogate " + codePoint(c) + " followed by " + codePoint(low)
                        + " instead of a low surrogate");
            }
            out.append(c).append(low);
            return;
        }
        out.append(c);
    }

    private char hex4() throws SafeTensorsFormatException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = pos < text.length() ? hexDigit(text.charAt(pos)) : -1;
            if (digit < 0) {
                throw error(pos, "expected 4 hex digits after \\u but found " + describeNext());
            }
            value = value * 16 + digit;
            pos++;
        }
        return (char) value;
    }

    /** The value of an ASCII hex digit, or -1 (Character.digit would accept non-ASCII digits). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private Long integer() throws SafeTensorsFormatException {
        int start = pos;
        boolean negative = consume('-');
        int digitsStart = pos;
        long value = 0;
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            int digit = text.charAt(pos) - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                throw error(start, "integer too large for 64 bits");
            }
            value = value * 10 + digit;
            pos++;
        }
        if (pos == digitsStart) {
            throw error(pos, "expected a digit but found " + describeNext());
        }
        if (text.charAt(digitsStart) == '0' && pos - digitsStart > 1) {
            throw error(start, "integer with a leading zero");
        }
        if (pos < text.length() && (text.charAt(pos) == '.' || text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            throw error(start, "only integers are allowed, not fractions or exponents");
        }
        return negative ? -value : value;
    }

    private void checkDepth(int depth) throws SafeTensorsFormatException {
        if (depth > MAX_DEPTH) {
            throw error(pos, "nesting deeper than " + MAX_DEPTH + " levels (header, tensor, shape)");
        }
    }

    private void expect(char c) throws SafeTensorsFormatException {
        if (!consume(c)) {
            throw error(pos, "expected '" + c + "' but found " + describeNext());
        }
    }

    private boolean consume(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private String describeNext() {
        return pos < text.length() ? printable(text.charAt(pos)) : "the end of the header";
    }

    private SafeTensorsFormatException error(int at, String message) {
        return new SafeTensorsFormatException("invalid header JSON at character " + at + ": " + message);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String printable(char c) {
        return c > 0x20 && c < 0x7f ? "'" + c + "'" : codePoint(c);
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }

    /**
     * {@code s} in double quotes for messages: control characters shown as code points, and
     * cut after {@value #QUOTE_LIMIT} characters so that a hostile name cannot bloat a message.
     */
    static String quote(String s) {
        int shown = Math.min(s.length(), QUOTE_LIMIT);
        StringBuilder out = new StringBuilder(shown + 16).append('"');
        for (int i = 0; i < shown; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append('<').append(codePoint(c)).append('>');
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (shown < s.length()) {
            out.append(" (cut, ").append(s.length()).append(" characters)");
        }
        return out.toString();
    }
}
