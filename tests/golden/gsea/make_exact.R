# Regenerates tests/golden/gsea/exact/ (R 4.2.2, jsonlite 1.8.4; base R only).
# EXACT p-values of preranked GSEA by enumeration: on a 40-gene ranked list every gene subset of
# a pathway's size (up to choose(40, 6) = 3,838,380) is scored with calcGseaStat(scoreType =
# "std") (vectorised over subsets), and the p-value that fgseaSimple's permutation p and
# fgseaMultilevel's multilevel p both estimate is computed exactly:
#   ES > 0: p = #{subsets with ES >= ES_pathway - 1e-10} / #{subsets with ES >= 0}
#   ES < 0: p = #{subsets with ES <= ES_pathway + 1e-10} / #{subsets with ES <= 0}
# and NES = ES / |mean ES of the subsets of the same sign| (fgsea's NES, exactly).
# Exact-arithmetic ties are resolved as exact arithmetic would: ES within 1e-10 of the pathway's
# count as extreme (every 6-set whose running sum peaks at its last hit has ES = 1 - misses/34),
# and a subset with |maxP + minP| < 1e-10 has ES = 0 (counted on both sides).
# prognos runs the multilevel method with sampleSize 1001 (args); tol.json allows p a relative
# error of 0.6, i.e. log2(p_prognos / p_exact) in [-1.32, +0.68]: about [-6.5, +3.3] times the
# estimate's own log2err (0.19-0.21 here, combined with the 0.046 log2 error of the simple-stage
# sign probability), and NES a relative error of 0.06 (4.5 Monte-Carlo SE of 1000 permutations).
# TOP6 (the single most extreme 6-set, p = 1 / #{ES >= 0}) is in the discrete regime: at the
# very top of a finite set space the levels hold a handful of distinct sets and fgsea's splitting
# estimate (which assumes a continuous score) overestimates p (+0.6 log2 on average at sampleSize
# 101, see the golden README); its committed prognos value (seed 5) is 1.52 x exact, inside 0.6.
# omics/tests/gsea_multilevel.rs re-enumerates in Rust (must equal these numbers to 1e-12), checks
# every set in single runs at sampleSize 101 and 1001, and the mean of log2 p over 40 seeds.
suppressMessages(library(jsonlite))

case <- "exact"
dir.create(case, showWarnings = FALSE)
set.seed(40)
N <- 40
genes <- sprintf("G%02d", 1:N)
score <- as.numeric(sprintf("%.6g", rnorm(N, sd = 2)))
stopifnot(!anyDuplicated(score))
write.csv(data.frame(gene = genes, score = sprintf("%.6g", score)), file.path(case, "ranks.csv"),
          row.names = FALSE, quote = FALSE)
o <- order(score, decreasing = TRUE)
rg <- genes[o]; w <- abs(score[o])

# ES of every column of a k x M matrix of sorted hit ranks (tops / bottoms as calcGseaStat)
es_cols <- function(cmb) {
  k <- nrow(cmb); W <- matrix(w[cmb], k); NR <- colSums(W)
  cum <- 0; maxP <- -Inf; minP <- Inf
  for (j in 1:k) {
    cum <- cum + W[j, ]
    top <- cum / NR - (cmb[j, ] - j) / (N - k)
    maxP <- pmax(maxP, top); minP <- pmin(minP, top - W[j, ] / NR)
  }
  ifelse(abs(maxP + minP) < 1e-10, 0, ifelse(maxP > -minP, maxP, minP))
}
leading_edge <- function(S) {
  S <- sort(S); k <- length(S); NR <- sum(w[S])
  tops <- cumsum(w[S]) / NR - (S - seq_along(S)) / (N - k); bottoms <- tops - w[S] / NR
  if (max(tops) > -min(bottoms)) S[seq_len(which.max(tops))] else rev(S[which.min(bottoms):k])
}

# pathways by rank positions (1 = highest score)
ranks <- list(
  TOP6 = 1:6,                          # the most extreme 6-set (discrete regime, see above)
  UP6_A = c(1, 2, 3, 4, 5, 12),        # p ~ 6e-5, ES not at a tie value
  UP6_B = c(1, 2, 3, 4, 5, 8),         # p ~ 3e-5, ES = 1 - 2/34 shared with other 6-sets
  UP6_C = c(1, 2, 3, 5, 6, 9),         # p ~ 1e-4, tied
  DOWN6 = c(40, 39, 38, 37, 35, 33),   # p ~ 2e-5, negative
  UP6_D = c(1, 2, 3, 5, 8, 12),        # p ~ 2e-3
  DOWN6_B = c(40, 39, 37, 35, 32, 28), # p ~ 5e-3
  UP4 = c(1, 2, 4, 5),                 # p ~ 1e-4
  DOWN4 = c(40, 38, 35, 31),           # p ~ 1e-2
  MIXED6 = c(1, 4, 6, 9, 14, 18),      # p ~ 2e-2
  RANDOM4 = c(2, 10, 20, 30)           # p ~ 0.5
)
sets <- lapply(ranks, function(r) rg[r])
writeLines(vapply(names(sets), function(n) paste(c(n, "exact", sets[[n]]), collapse = "\t"), ""),
           file.path(case, "sets.gmt"))
all_es <- list()
rows <- list()
for (n in names(sets)) {
  S <- sort(ranks[[n]]); k <- length(S); key <- as.character(k)
  if (is.null(all_es[[key]])) all_es[[key]] <- es_cols(combn(N, k))
  e <- all_es[[key]]
  es <- es_cols(matrix(S, k))
  if (es >= 0) {
    p <- sum(e >= es - 1e-10) / sum(e >= 0); nes <- es / mean(e[e >= 0]); ties <- sum(abs(e - es) < 1e-10)
  } else {
    p <- sum(e <= es + 1e-10) / sum(e <= 0); nes <- es / abs(mean(e[e <= 0])); ties <- sum(abs(e - es) < 1e-10)
  }
  cat(sprintf("%-8s k=%d ES=% .6f exact p=%.6g NES=% .6f (%d subsets, %d tied with ES)\n", n, k, es, p, nes,
              length(e), ties))
  rows[[length(rows) + 1]] <- list(term = n, size = k, es = es, nes = nes, p = p,
                                   leading_edge = rg[leading_edge(S)])
}
writeLines("gsea --ranks ranks.csv --gmt sets.gmt --min-size 3 --method multilevel --sample-size 1001 --seed 5 --json",
           file.path(case, "args"))
write_json(list(n_genes = N, table = rows), file.path(case, "golden.json"),
           auto_unbox = TRUE, digits = NA, pretty = TRUE)
tol <- list(default = list(abs = 1e-10, rel = 1e-10),
            keys = list("table[].p" = list(abs = 0, rel = 0.6),
                        "table[].nes" = list(abs = 0, rel = 0.06)),
            match_by = list(table = "term"))
write_json(tol, file.path(case, "tol.json"), auto_unbox = TRUE, digits = NA, pretty = TRUE)
