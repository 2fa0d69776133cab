package io.kontor.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kontor.fulfilment.PickListPdf;
import io.kontor.fulfilment.PickLists;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;

@Tag(name = "Pick lists", description = "Waves of picking per warehouse, across channels")
@RestController
@RequestMapping("/api/picklists")
@Validated
public class PickListsController {

    private final PickLists pickLists;
    private final PickListPdf pdf;

    public PickListsController(PickLists pickLists, PickListPdf pdf) {
        this.pickLists = pickLists;
        this.pdf = pdf;
    }

    @Operation(summary = "Pick lists, newest first, of one warehouse or all")
    @GetMapping
    public ResponseEntity<List<Map<String, Object>>> list(@RequestParam(required = false) String warehouse,
                                                          @RequestParam(defaultValue = "0") @Min(0) int page,
                                                          @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size,
                                                          @RequestParam(required = false) @Min(1) @Max(500) Integer limit) {
        int n = Paging.size(size, limit);
        return Paging.answer(pickLists.list(warehouse, n, (long) page * n), pickLists.count(warehouse), page, n);
    }

    @Operation(summary = "One pick list: the SKUs to pick with their totals and totes, and the orders per tote")
    @GetMapping("/{id}")
    public JsonNode get(@PathVariable UUID id) {
        return pickLists.find(id).orElseThrow(() -> new NoSuchElementException("No pick list " + id));
    }

    @Operation(summary = "One pick list as PDF, for the picker")
    @GetMapping(value = "/{id}.pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    public ResponseEntity<byte[]> pdf(@PathVariable UUID id) {
        JsonNode doc = pickLists.find(id).orElseThrow(() -> new NoSuchElementException("No pick list " + id));
        return ResponseEntity.ok()
                .header("Content-Disposition", "inline; filename=\"picklist-" + doc.path("warehouse").asText() + "-" + doc.path("wave").asInt() + ".pdf\"")
                .body(pdf.render(doc));
    }
}
