package io.kontor.api;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Spring MVC's own errors (unknown path, wrong method, unreadable body, an upload over the size limit) as RFC 9457
 * problem details for every request, including those refused before any controller was chosen — an oversized upload
 * fails while the request is read, so {@link ApiErrors}, bound to the API's controllers, never sees it.
 */
@RestControllerAdvice
public class HttpProblems extends ResponseEntityExceptionHandler {

    private final long maxFileSize;
    private final long maxRequestSize;

    public HttpProblems(org.springframework.boot.autoconfigure.web.servlet.MultipartProperties multipart) {
        this.maxFileSize = multipart.getMaxFileSize().toBytes();
        this.maxRequestSize = multipart.getMaxRequestSize().toBytes();
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException e, HttpHeaders headers,
                                                                          HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, "The upload is larger than this hub takes: at most "
                + megabytes(maxFileSize) + " per file and " + megabytes(maxRequestSize) + " per request "
                + "(spring.servlet.multipart.max-file-size and max-request-size)");
        problem.setTitle("Upload too large");
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    private static String megabytes(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : bytes + " bytes";
    }
}
