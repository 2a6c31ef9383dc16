# R equivalent of the prognos 10x kernel: Matrix::readMM + as(, "CsparseMatrix") + colSums
# (library sizes) + speckle-style propeller (speckle is not installed; its steps written out with
# limma as in tests/golden/sc_prop/make.R). Metadata reading is excluded on both sides.
# Prints cpu_seconds= and seconds= (medians of 3 runs).
suppressMessages({library(Matrix); library(limma)})
meta <- read.csv("metadata.csv")
propeller_r <- function(clusters, sample, group) {
  tab <- table(sample, clusters)
  props <- tab / rowSums(tab)
  pp <- (tab + 0.5) / rowSums(tab + 0.5); pt <- t(log(pp / (1 - pp)))
  gc <- table(sample, group)
  design <- matrix(as.integer(gc != 0), ncol = ncol(gc)); colnames(design) <- colnames(gc)
  fit.prop <- lmFit(t(props), design)
  fit <- lmFit(pt, design)
  fc <- eBayes(contrasts.fit(fit, contrasts = c(1, -1)), robust = TRUE)
  out <- data.frame(cluster = rownames(fc$t), prop_ratio = fit.prop$coefficients[, 1] / fit.prop$coefficients[, 2],
                    t = fc$t[, 1], p = fc$p.value[, 1])
  out$fdr <- p.adjust(out$p, "BH")
  out[order(out$p), ]
}
run <- function() {
  m <- as(readMM("matrix.mtx"), "CsparseMatrix")
  lib <- colSums(m)
  res <- propeller_r(meta$celltype, meta$sample, meta$condition)
  list(m = m, lib = lib, res = res)
}
st <- replicate(3, system.time(x <<- run()))
tm <- st["elapsed", ]; cpu <- st["user.self", ] + st["sys.self", ]
message(sprintf("R check: %d genes x %d cells, nnz %d, median library %g, zero cells %d, top cluster %s p = %g",
                nrow(x$m), ncol(x$m), length(x$m@x), median(x$lib), sum(x$lib == 0), x$res$cluster[1], x$res$p[1]))
cat(sprintf("cpu_seconds=%g\nseconds=%g\n", median(cpu), median(tm)))
