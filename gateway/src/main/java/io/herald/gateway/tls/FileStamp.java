package io.herald.gateway.tls;

import io.herald.gateway.tls.TlsConfig.TlsFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * What a port's certificate and key files look like on disk, to tell that they changed without reading them: for
 * each, the file a symbolic link leads to (Kubernetes swaps a link to a new directory), its modification time and
 * size; a file that cannot be read has its error instead. Equal stamps: nothing changed. Immutable.
 */
record FileStamp(List<Object> parts) {

    static FileStamp of(TlsFiles files) {
        return new FileStamp(List.of(part(files.cert()), part(files.key())));
    }

    private static Object part(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(file.toRealPath().toString(), attributes.lastModifiedTime(), attributes.size());
        } catch (IOException e) {
            return e.toString();
        }
    }
}
