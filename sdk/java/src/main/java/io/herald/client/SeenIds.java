package io.herald.client;

import java.util.LinkedHashSet;
import java.util.Iterator;

/**
 * The ids of the last pushes delivered, at most {@code capacity}, the oldest forgotten first: a push whose id is here
 * is a duplicate (a replay of what the client already had, a stored push sent again). Used on the client's thread.
 */
final class SeenIds {

    private final int capacity;
    private final LinkedHashSet<String> ids = new LinkedHashSet<>();

    SeenIds(int capacity) {
        this.capacity = capacity;
    }

    /** Remembers {@code id}; false where it was seen already. */
    boolean add(String id) {
        if (!ids.add(id)) {
            return false;
        }
        if (ids.size() > capacity) {
            Iterator<String> oldest = ids.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    int size() {
        return ids.size();
    }
}
