package org.redischart.chartgen.publish;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads the regular files of an uncompressed tar stream (ustar, with PAX and GNU long names),
 * enough for the archives Helm writes. Directories, links and metadata entries are skipped.
 */
final class TarReader {

    private static final int BLOCK = 512;

    private TarReader() {
    }

    static SortedMap<String, byte[]> readFiles(InputStream in) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        String longName = null;
        byte[] header;
        while ((header = in.readNBytes(BLOCK)).length == BLOCK && !isZero(header)) {
            char type = (char) header[156];
            long size = parseOctal(header, 124, 12);
            byte[] body = in.readNBytes(Math.toIntExact(size));
            in.skipNBytes(padding(size));
            if (type == 'x') {
                longName = paxPath(body);
            } else if (type == 'L') {
                longName = new String(body, StandardCharsets.UTF_8).replace("\0", "");
            } else {
                if (type == '0' || type == '\0') {
                    files.put(longName != null ? longName : headerName(header), body);
                }
                longName = null;
            }
        }
        return files;
    }

    private static String headerName(byte[] header) {
        String name = text(header, 0, 100);
        String prefix = text(header, 345, 155);
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** A PAX record is "{length} {key}={value}\n"; only the path matters here. */
    private static String paxPath(byte[] body) {
        for (String record : new String(body, StandardCharsets.UTF_8).split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long parseOctal(byte[] header, int offset, int length) {
        String digits = text(header, offset, length).trim();
        return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

}
