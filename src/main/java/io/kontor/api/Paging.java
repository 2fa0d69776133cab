package io.kontor.api;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * Lists that grow page: {@code ?page=} (from 0) and {@code ?size=}; the body stays the array it always was, the total
 * goes in {@code X-Total-Count} and the neighbouring pages in a {@code Link} header (RFC 8288, rel next/prev), so a
 * client that read the first page before paging existed reads it still.
 */
final class Paging {

    static final String TOTAL = "X-Total-Count";

    private Paging() {
    }

    /** The page size asked for: {@code size}, or the older {@code limit} where a client still sends that. */
    static int size(int size, Integer limit) {
        return limit != null ? limit : size;
    }

    static <T> ResponseEntity<List<T>> answer(List<T> items, long total, int page, int size) {
        List<String> links = new ArrayList<>();
        if ((long) (page + 1) * size < total) {
            links.add(link(page + 1, size, "next"));
        }
        if (page > 0) {
            links.add(link((int) Math.min(page - 1, Math.max(0, (total - 1) / size)), size, "prev"));
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().header(TOTAL, Long.toString(total));
        if (!links.isEmpty()) {
            answer.header(HttpHeaders.LINK, String.join(", ", links));
        }
        return answer.body(items);
    }

    private static String link(int page, int size, String rel) {
        return "<" + ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("limit").replaceQueryParam("page", page)
                .replaceQueryParam("size", size).build().toUriString() + ">; rel=\"" + rel + "\"";
    }
}
