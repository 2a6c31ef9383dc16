# Regenerates tests/golden/enrich/ cases (R 4.2.2 stats::phyper, p.adjust; jsonlite 1.8.4).
# ORA per cli-contract.md: universe = (given universe, default all GMT genes) intersected with the
# GMT genes; query intersected with the universe; set sizes inside the universe, min/max filter;
# p = phyper(k - 1, K, N - K, n, lower.tail = FALSE); BH; rows sorted by p.
suppressMessages(library(jsonlite))
set.seed(99)
all_genes <- sprintf("G%04d", 1:2000)
sizes <- c(8, 12, 15, 25, 40, 60, 80, 120, 200, 30, 45, 600, 20, 18, 50)
sets <- lapply(seq_along(sizes), function(i) sample(all_genes[1:1900], sizes[i]))
names(sets) <- sprintf("SET_%02d", seq_along(sets))
query <- unique(c(sample(sets[[4]], 12), sample(sets[[7]], 15), sample(all_genes, 120), "NOT_A_GENE"))

tol <- list(default = list(abs = 1e-12, rel = 1e-9),
            keys = list("table[].p" = list(abs = 1e-15, rel = 1e-9), "table[].p_adj" = list(abs = 1e-15, rel = 1e-9)),
            match_by = list(table = "term"), set_valued = list("table[].genes"))

ora <- function(query, sets, universe, minS, maxS) {
  annotated <- unique(unlist(sets))
  uni <- if (is.null(universe)) annotated else intersect(universe, annotated)
  q <- intersect(query, uni)
  N <- length(uni); n <- length(q)
  rows <- list()
  for (nm in names(sets)) {
    s <- intersect(sets[[nm]], uni); K <- length(s)
    if (K < minS || K > maxS) next
    ov <- sort(intersect(s, q)); k <- length(ov)
    rows[[nm]] <- list(term = nm, size = K, overlap = k, expected = n * K / N, fold = k / (n * K / N),
                       p = phyper(k - 1, K, N - K, n, lower.tail = FALSE), genes = I(ov))
  }
  p <- sapply(rows, `[[`, "p"); padj <- p.adjust(p, "BH")
  for (i in seq_along(rows)) rows[[i]]$p_adj <- padj[i]
  rows <- rows[order(p)]
  list(universe_size = N, query_size = n, table = unname(rows))
}

write_case <- function(case, args, res, universe = NULL) {
  dir.create(case, showWarnings = FALSE)
  writeLines(sapply(names(sets), function(nm) paste(c(nm, "desc", sets[[nm]]), collapse = "\t")), file.path(case, "sets.gmt"))
  writeLines(query, file.path(case, "genes.txt"))
  if (!is.null(universe)) writeLines(universe, file.path(case, "universe.txt"))
  writeLines(args, file.path(case, "args"))
  write_json(res, file.path(case, "golden.json"), auto_unbox = TRUE, digits = NA, pretty = TRUE)
  write_json(tol, file.path(case, "tol.json"), auto_unbox = TRUE, digits = NA, pretty = TRUE)
}

write_case("default", "enrich --genes genes.txt --gmt sets.gmt --json", ora(query, sets, NULL, 10, 500))
uni <- c(all_genes[1:1500], "EXTRA_GENE")
write_case("universe_sizes", "enrich --genes genes.txt --gmt sets.gmt --universe universe.txt --min-size 5 --max-size 100 --json",
           ora(query, sets, uni, 5, 100), universe = uni)
