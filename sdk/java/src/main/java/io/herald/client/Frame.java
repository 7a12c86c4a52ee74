package io.herald.client;

/**
 * One frame from the node, as {@link Json} read it: a reply or a push. Absent fields are null (0 for the numbers).
 * {@code data} is the field's JSON text as sent.
 */
record Frame(String cmd, String id, int code, String msg, String stream, long seq, String group, String data) {

    boolean isPush() {
        return "push".equals(cmd);
    }

    Push push() {
        return new Push(id, stream, stream == null ? 0 : seq, group, data);
    }

    Reply reply() {
        return new Reply(cmd, code, msg == null ? "" : msg, data);
    }
}
