# Regenerates tests/golden/sc_prop/ (R 4.2.2, limma 3.54.1, statmod 1.5.0, jsonlite 1.8.4).
# speckle is not installed: its propeller() steps are reproduced with limma exactly as in
# speckle 0.99 (getTransformedProps, propeller.ttest with contrasts c(1, -1) = first sorted
# group minus the second, propeller.anova for more groups; robust = TRUE, trend = FALSE).
suppressMessages({library(limma); library(jsonlite)})

props_trans <- function(clusters, sample, transform) {
  tab <- table(sample, clusters)
  props <- tab / rowSums(tab)
  pt <- if (transform == "asin") asin(sqrt(props)) else {
    pp <- (tab + 0.5) / rowSums(tab + 0.5); log(pp / (1 - pp)) }
  list(TransformedProps = t(pt), Proportions = t(props))
}

propeller_r <- function(clusters, sample, group, transform = "logit") {
  pl <- props_trans(clusters, sample, transform)
  gc <- table(sample, group)
  design <- matrix(as.integer(gc != 0), ncol = ncol(gc)); colnames(design) <- colnames(gc)
  fit.prop <- lmFit(pl$Proportions, design)
  if (ncol(design) == 2) {
    fit <- lmFit(pl$TransformedProps, design)
    fc <- eBayes(contrasts.fit(fit, contrasts = c(1, -1)), robust = TRUE)
    rr <- fit.prop$coefficients[, 1] / fit.prop$coefficients[, 2]
    out <- data.frame(cluster = rownames(fc$t), prop_ratio = rr, t = fc$t[, 1], p = fc$p.value[, 1])
  } else {
    d2 <- design; d2[, 1] <- 1; colnames(d2)[1] <- "Int"
    fit <- lmFit(pl$TransformedProps, d2)
    fit <- eBayes(fit[, 2:ncol(d2)], robust = TRUE)
    out <- data.frame(cluster = rownames(fit$t), F = fit$F, p = fit$F.p.value)
  }
  out$fdr <- p.adjust(out$p, "BH")
  pm <- fit.prop$coefficients
  rows <- lapply(seq_len(nrow(out)), function(i) {
    r <- as.list(out[i, ]); r$props <- as.list(pm[out$cluster[i], ]); r })
  rows[order(out$p)]
}

tol <- list(default = list(abs = 1e-8, rel = 1e-6),
            keys = list("table[].t" = list(abs = 1e-6, rel = 1e-5), "table[].F" = list(abs = 1e-6, rel = 1e-5),
                        "table[].p" = list(abs = 1e-8, rel = 1e-4), "table[].fdr" = list(abs = 1e-8, rel = 1e-4)),
            match_by = list(table = "cluster"))

sim <- function(groups, per_group, seed) {
  set.seed(seed)
  types <- c("B cells", "T cells", "NK", "Monocytes", "DC", "Platelets")
  base <- c(0.2, 0.35, 0.1, 0.25, 0.07, 0.03)
  cells <- NULL
  for (g in seq_along(groups)) for (s in 1:per_group) {
    p <- base * exp(rnorm(6, 0, 0.25)); if (g == 2) p[2] <- p[2] * 1.8; if (g == 3) p[4] <- p[4] * 0.5
    p <- p / sum(p); n <- sample(300:900, 1)
    cl <- sample(types, n, replace = TRUE, prob = p)
    cells <- rbind(cells, data.frame(cell = sprintf("%s_s%d_c%04d", groups[g], s, 1:n),
                                     sample = sprintf("%s_%d", groups[g], s), celltype = cl, condition = groups[g]))
  }
  cells[sample(nrow(cells)), ]
}

write_case <- function(case, cells, args, rows) {
  dir.create(case, showWarnings = FALSE)
  write.csv(cells, file.path(case, "cells.csv"), row.names = FALSE, quote = FALSE)
  writeLines(args, file.path(case, "args"))
  write_json(list(table = rows), file.path(case, "golden.json"), auto_unbox = TRUE, digits = NA, pretty = TRUE)
  write_json(tol, file.path(case, "tol.json"), auto_unbox = TRUE, digits = NA, pretty = TRUE)
}

c2 <- sim(c("high", "low"), 4, 11)
write_case("two_groups_logit", c2, "sc-prop --cells cells.csv --sample sample --cluster celltype --group condition --json",
           propeller_r(c2$celltype, c2$sample, c2$condition))
write_case("two_groups_asin", c2, "sc-prop --cells cells.csv --sample sample --cluster celltype --group condition --transform asin --json",
           propeller_r(c2$celltype, c2$sample, c2$condition, "asin"))
c3 <- sim(c("A", "B", "C"), 3, 12)
write_case("three_groups", c3, "sc-prop --cells cells.csv --sample sample --cluster celltype --group condition --json",
           propeller_r(c3$celltype, c3$sample, c3$condition))

# ---- 10x Matrix Market directories (sparse counts read by prognos; R: Matrix::readMM) ----
# tenx_plain/tenx: matrix.mtx, features.tsv, barcodes.tsv, metadata.csv (plain text);
# tenx_gz/tenx:    the same files gzipped (matrix.mtx.gz, features.tsv.gz, barcodes.tsv.gz).
# golden.json adds the `counts` summary (library sizes = colSums of readMM's matrix);
# pseudobulk_counts.csv (t(rowsum(t(m), sample))) and pseudobulk_limma.json (voom + TMM + lmFit +
# eBayes + topTable on it) are checked by tests/omics_10x.rs through `sc-prop --pseudobulk`.
suppressMessages({library(Matrix); library(edgeR)})
sim10x <- function(seed) {
  set.seed(seed)
  types <- c("B cells", "T cells", "NK", "Monocytes")
  base <- c(0.25, 0.4, 0.15, 0.2)
  G <- 60
  mu <- exp(rnorm(G, -1.2, 1.1))
  de <- 1:6
  cells <- NULL; cols <- list()
  for (g in c("high", "low")) for (s in 1:3) {
    p <- base * exp(rnorm(4, 0, 0.2)); if (g == "high") p[2] <- p[2] * 1.6
    n <- sample(60:110, 1)
    cl <- sample(types, n, replace = TRUE, prob = p / sum(p))
    smp <- sprintf("%s_%d", g, s)
    cells <- rbind(cells, data.frame(barcode = sprintf("%s-%03d", smp, 1:n), sample = smp, celltype = cl, condition = g))
    f <- rlnorm(n, 0, 0.4); m <- mu * (if (g == "high") ifelse(seq_len(G) %in% de, 3, 1) else 1)
    cols[[smp]] <- matrix(rpois(G * n, outer(m, f)), G, n)
  }
  m <- do.call(cbind, cols)
  m[, c(5, 200)] <- 0  # two cells without counts
  ord <- sample(ncol(m)); m <- m[, ord]; cells <- cells[ord, ]
  rownames(m) <- sprintf("ENSG%011d", seq_len(G)); colnames(m) <- cells$barcode
  list(m = m, cells = cells)
}
write10x <- function(dir, m, cells, gz) {
  dir.create(dir, recursive = TRUE, showWarnings = FALSE)
  con <- function(name) if (gz) gzfile(file.path(dir, paste0(name, ".gz")), "w") else file(file.path(dir, name), "w")
  nz <- which(m != 0, arr.ind = TRUE); nz <- nz[order(nz[, 2], nz[, 1]), , drop = FALSE]
  k <- con("matrix.mtx")
  writeLines(c("%%MatrixMarket matrix coordinate integer general",
               '%metadata_json: {"software_version": "prognos-golden", "format_version": 2}',
               sprintf("%d %d %d", nrow(m), ncol(m), nrow(nz)),
               sprintf("%d %d %d", nz[, 1], nz[, 2], as.integer(m[nz]))), k); close(k)
  k <- con("features.tsv")
  writeLines(sprintf("%s\tGENE%d\tGene Expression", rownames(m), seq_len(nrow(m))), k); close(k)
  k <- con("barcodes.tsv"); writeLines(colnames(m), k); close(k)
  # metadata in another order than the barcodes: prognos aligns by the barcode column
  write.csv(cells[order(cells$barcode), ], file.path(dir, "metadata.csv"), row.names = FALSE, quote = FALSE)
}
counts_summary <- function(mm, sample) {
  lib <- colSums(mm); det <- colSums(mm != 0)
  smp <- sort(unique(sample))
  list(n_genes = nrow(mm), n_cells = ncol(mm), nnz = length(mm@x), zero_count_cells = sum(det == 0),
       library_size = list(min = min(lib), median = median(lib), mean = mean(lib), max = max(lib)),
       samples = lapply(smp, function(s) list(sample = s, n_cells = sum(sample == s),
         total_counts = sum(lib[sample == s]), median_library_size = median(lib[sample == s]),
         zero_count_cells = sum(det[sample == s] == 0))))
}
x <- sim10x(31)
for (case in c("tenx_plain", "tenx_gz")) {
  gz <- case == "tenx_gz"
  write10x(file.path(case, "tenx"), x$m, x$cells, gz)
  mm <- as(readMM(file.path(case, "tenx", if (gz) "matrix.mtx.gz" else "matrix.mtx")), "CsparseMatrix")
  bc <- readLines(file.path(case, "tenx", if (gz) "barcodes.tsv.gz" else "barcodes.tsv"))
  meta <- read.csv(file.path(case, "tenx", "metadata.csv"))
  meta <- meta[match(bc, meta$barcode), ]
  tr <- if (gz) "asin" else "logit"
  rows <- propeller_r(meta$celltype, meta$sample, meta$condition, tr)
  writeLines(sprintf("sc-prop --cells tenx --sample sample --cluster celltype --group condition --transform %s --json", tr),
             file.path(case, "args"))
  write_json(list(table = rows, counts = counts_summary(mm, meta$sample)), file.path(case, "golden.json"),
             auto_unbox = TRUE, digits = NA, pretty = TRUE)
  write_json(tol, file.path(case, "tol.json"), auto_unbox = TRUE, digits = NA, pretty = TRUE)
  if (!gz) {
    pb <- t(rowsum(t(as.matrix(mm)), meta$sample))  # genes x samples, samples sorted
    rownames(pb) <- readLines(file.path(case, "tenx", "features.tsv")) |> sub(pattern = "\t.*", replacement = "")
    write.csv(data.frame(gene = rownames(pb), pb, check.names = FALSE), file.path(case, "pseudobulk_counts.csv"),
              row.names = FALSE, quote = FALSE)
    grp <- meta$condition[match(colnames(pb), meta$sample)]
    design <- model.matrix(~ 0 + factor(grp)); colnames(design) <- sort(unique(grp))
    nf <- calcNormFactors(pb, method = "TMM")
    v <- voom(pb, design, lib.size = colSums(pb) * nf)
    fit <- eBayes(contrasts.fit(lmFit(v, design), makeContrasts(high - low, levels = design)))
    tt <- topTable(fit, number = Inf, sort.by = "P")
    write_json(list(df_prior = fit$df.prior, s2_prior = fit$s2.prior,
                    table = lapply(seq_len(nrow(tt)), function(i) list(gene = rownames(tt)[i], logFC = tt$logFC[i],
                      AveExpr = tt$AveExpr[i], t = tt$t[i], P.Value = tt$P.Value[i], adj.P.Val = tt$adj.P.Val[i], B = tt$B[i]))),
               file.path(case, "pseudobulk_limma.json"), auto_unbox = TRUE, digits = NA, pretty = TRUE)
  }
}
