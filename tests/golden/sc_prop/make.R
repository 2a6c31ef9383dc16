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
