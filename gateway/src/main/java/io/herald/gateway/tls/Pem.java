package io.herald.gateway.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads certificates and private keys from PEM text with the JDK alone, as {@code openssl}, certbot, cert-manager
 * and {@code keytool} write them: certificates ({@code CERTIFICATE}), and unencrypted keys in PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}). Blocks of other kinds
 * (a key beside the certificates, {@code EC PARAMETERS}) are passed over, so one file may hold both. Each problem
 * is a {@link PemException} whose message says what is wrong in words an operator can act on. Stateless.
 */
final class Pem {

    /** A block begun; its end is searched from there, so that a block cut short is told apart from no block. */
    private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");
    private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
    private static final byte[] EC_PUBLIC_KEY_OID = hex("06072a8648ce3d0201");
    /** The key types tried in turn for a PKCS#8 key. */
    private static final List<String> KEY_TYPES = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS", "DSA");

    private Pem() {
    }

    /** What is wrong with a PEM file's text. */
    static final class PemException extends Exception {
        PemException(String message) {
            super(message);
        }
    }

    private record Block(String label, String body) {
    }

    /** The certificates of {@code text}, in order: the node's own first, then the chain. */
    static List<X509Certificate> certificates(String text) throws PemException {
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
        for (Block block : blocks(text)) {
            if (!block.label().equals("CERTIFICATE")) {
                continue;
            }
            try {
                certificates.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(decode(block))));
            } catch (CertificateException e) {
                throw new PemException("certificate " + (certificates.size() + 1) + " is not a valid X.509 "
                        + "certificate (" + e.getMessage() + ")");
            }
        }
        if (certificates.isEmpty()) {
            throw new PemException("no certificate in it (no -----BEGIN CERTIFICATE----- block)");
        }
        return certificates;
    }

    /** The first private key of {@code text}. */
    static PrivateKey privateKey(String text) throws PemException {
        for (Block block : blocks(text)) {
            switch (block.label()) {
                case "PRIVATE KEY":
                    return pkcs8(decode(block));
                case "RSA PRIVATE KEY":
                    requireUnencrypted(block);
                    return pkcs8(der(0x30, der(0x02, new byte[] {0}), RSA_ALGORITHM, der(0x04, decode(block))));
                case "EC PRIVATE KEY":
                    requireUnencrypted(block);
                    byte[] sec1 = decode(block);
                    return pkcs8(der(0x30, der(0x02, new byte[] {0}), der(0x30, EC_PUBLIC_KEY_OID, curve(sec1)),
                            der(0x04, sec1)));
                case "ENCRYPTED PRIVATE KEY":
                    throw encrypted();
                default:
                    // Certificates, EC PARAMETERS: not the key.
            }
        }
        throw new PemException("no private key in it (no -----BEGIN PRIVATE KEY----- block, nor RSA or EC)");
    }

    private static List<Block> blocks(String text) throws PemException {
        List<Block> blocks = new ArrayList<>();
        Matcher begin = BEGIN.matcher(text);
        int from = 0;
        while (begin.find(from)) {
            String label = begin.group(1);
            String endLine = "-----END " + label + "-----";
            int end = text.indexOf(endLine, begin.end());
            if (end < 0) {
                throw new PemException("its " + label + " block has no " + endLine
                        + " line (cut short, or still being written)");
            }
            blocks.add(new Block(label, text.substring(begin.end(), end)));
            from = end + endLine.length();
        }
        return blocks;
    }

    private static byte[] decode(Block block) throws PemException {
        try {
            return Base64.getMimeDecoder().decode(block.body().strip());
        } catch (IllegalArgumentException e) {
            throw new PemException("its " + block.label() + " block is not Base64 (" + e.getMessage() + ")");
        }
    }

    private static void requireUnencrypted(Block block) throws PemException {
        if (block.body().contains("ENCRYPTED")) {
            throw encrypted();
        }
    }

    private static PemException encrypted() {
        return new PemException("the key is encrypted; give it unencrypted, readable by the node's user alone "
                + "(openssl pkey -in KEY -out PLAIN)");
    }

    private static PrivateKey pkcs8(byte[] der) throws PemException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String type : KEY_TYPES) {
            try {
                return KeyFactory.getInstance(type).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // Not a key of this type (or a type this JDK lacks): the next.
            }
        }
        throw new PemException("its key is none of " + KEY_TYPES + " in a form the JDK reads");
    }

    /** The named curve of a SEC1 {@code ECPrivateKey}: its {@code [0] parameters}, an OID, as DER. */
    private static byte[] curve(byte[] sec1) throws PemException {
        try {
            int at = contentStart(sec1, 0);
            while (at < sec1.length) {
                int start = contentStart(sec1, at);
                int end = start + length(sec1, at);
                if ((sec1[at] & 0xff) == 0xa0) {
                    byte[] oid = new byte[end - start];
                    System.arraycopy(sec1, start, oid, 0, oid.length);
                    return oid;
                }
                at = end;
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new PemException("its EC PRIVATE KEY block is not a SEC1 key (cut short)");
        }
        throw new PemException("its EC PRIVATE KEY names no curve; convert it to PKCS#8 "
                + "(openssl pkcs8 -topk8 -nocrypt -in KEY -out PKCS8)");
    }

    /** Where the content of the DER element at {@code at} starts. */
    private static int contentStart(byte[] der, int at) {
        int first = der[at + 1] & 0xff;
        return at + 2 + (first < 0x80 ? 0 : first & 0x7f);
    }

    /** The content length of the DER element at {@code at}. */
    private static int length(byte[] der, int at) {
        int first = der[at + 1] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            length = (length << 8) | (der[at + 2 + i] & 0xff);
        }
        return length;
    }

    /** A DER element: {@code tag}, its length, then {@code parts} one after the other. */
    private static byte[] der(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length < 0x100 ? 1 : length < 0x10000 ? 2 : 3;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    private static byte[] hex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }
}
