# Regenerates tests/golden/gsea/ (R 4.2.2, jsonlite 1.8.4; base R only).
# fgsea is not installable here (not in Debian), so the deterministic part of fgseaSimple is
# written out in plain R: genes ranked by decreasing score (ties keep file order: order() is a
# stable radix sort), weights |score|^gseaParam, and calcGseaStat(scoreType = "std"):
#   tops    = cumsum(w[S]) / sum(w[S]) - (S - seq_along(S)) / (N - m)   (running sum after each hit)
#   bottoms = tops - w[S] / sum(w[S])                                    (just before each hit)
#   ES = max(tops) if max(tops) > -min(bottoms), min(bottoms) if smaller, 0 on a tie;
#   leading edge = hits up to the first which.max(tops) (ES > 0), or the hits from
#   which.min(bottoms) to the bottom in reverse rank order (ES < 0).
# ES, size and leading edge are compared at 1e-10. NES and p are random: R draws `nperm_r`
# random gene sets of the same size (sample.int(N, m), as fgseaSimple) and computes
#   p   = (#{ES_perm at least as extreme, same sign} + 1) / (#{ES_perm same sign (incl. 0)} + 1)
#   NES = ES / |mean(ES_perm of the same sign)|;
# prognos uses its own seeded ChaCha8 permutations (`--nperm` of args). tol.json allows 4
# binomial standard errors for p, sqrt(p (1 - p) (1 / nperm_r + 1 / nperm_prognos)), the largest
# over the case's sets, and 4 standard errors (delta method, both runs) for NES, relative.
suppressMessages(library(jsonlite))

gsea_stat <- function(w, S) {  # w: weights in rank order; S: hit ranks
  S <- sort(S); m <- length(S); N <- length(w)
  NR <- sum(w[S])
  step <- if (NR == 0) rep(1 / m, m) else w[S] / NR
  tops <- cumsum(step) - (S - seq_along(S)) / (N - m)
  bottoms <- tops - step
  maxP <- max(tops); minP <- min(bottoms)
  if (maxP > -minP) list(es = maxP, le = S[seq_len(which.max(tops))])
  else if (maxP < -minP) list(es = minP, le = rev(S[which.min(bottoms):m]))
  else list(es = 0, le = integer(0))
}

run_case <- function(case, genes, score, sets, weight, nperm_r, nperm_p, seed, min_size = 15, max_size = 500) {
  dir.create(case, showWarnings = FALSE)
  write.csv(data.frame(gene = genes, score = sprintf("%.6g", score)), file.path(case, "ranks.csv"),
            row.names = FALSE, quote = FALSE)
  writeLines(vapply(names(sets), function(n) paste(c(n, paste("set", n), sets[[n]]), collapse = "\t"), ""),
             file.path(case, "sets.gmt"))
  score <- as.numeric(sprintf("%.6g", score))  # what prognos reads
  o <- order(score, decreasing = TRUE)
  rg <- genes[o]; w <- abs(score[o])^weight; N <- length(w)
  set.seed(seed)
  rows <- list(); pse <- 0; nse <- 0
  for (n in names(sets)) {
    S <- match(intersect(sets[[n]], rg), rg); m <- length(S)
    if (m < min_size || m > max_size) next
    st <- gsea_stat(w, S)
    rnd <- vapply(seq_len(nperm_r), function(i) gsea_stat(w, sample.int(N, m))$es, 0)
    if (st$es >= 0) {
      same <- rnd[rnd >= 0]; p <- (sum(rnd >= st$es) + 1) / (length(same) + 1)
    } else {
      same <- rnd[rnd <= 0]; p <- (sum(rnd <= st$es) + 1) / (length(same) + 1)
    }
    mu <- mean(same); nes <- st$es / abs(mu)
    # the prognos run draws about the same number of same-sign sets per permutation
    k_p <- length(same) * nperm_p / nperm_r
    pse <- max(pse, sqrt(p * (1 - p) * (1 / length(same) + 1 / k_p)))
    nse <- max(nse, sd(same) / abs(mu) * sqrt(1 / length(same) + 1 / k_p))
    rows[[length(rows) + 1]] <- list(term = n, size = m, es = st$es, nes = nes, p = p, leading_edge = rg[st$le])
  }
  args <- sprintf("gsea --ranks ranks.csv --gmt sets.gmt --method simple --nperm %d --seed 11 --weight %s --json", nperm_p, weight)
  writeLines(args, file.path(case, "args"))
  write_json(list(n_genes = N, n_perm = nperm_p, table = rows), file.path(case, "golden.json"),
             auto_unbox = TRUE, digits = NA, pretty = TRUE)
  tol <- list(default = list(abs = 1e-10, rel = 1e-10),
              keys = list("table[].p" = list(abs = signif(4 * pse, 3), rel = 0),
                          "table[].nes" = list(abs = 0, rel = signif(4 * nse, 3))),
              match_by = list(table = "term"))
  write_json(tol, file.path(case, "tol.json"), auto_unbox = TRUE, digits = NA, pretty = TRUE)
  cat(case, ": p tolerance", signif(4 * pse, 3), " NES relative tolerance", signif(4 * nse, 3), "\n")
}

set.seed(2024)
N <- 1000
genes <- sprintf("G%04d", 1:N)
score <- round(rnorm(N), 3)            # rounding leaves some tied scores
score[c(10, 20)] <- 0                  # zero scores (weight 0 in the weighted sum)
up <- genes[order(-score)][1:150]; down <- genes[order(score)][1:150]
sets <- list(
  UP_STRONG = c(sample(up, 25), sample(genes, 5)),
  DOWN_STRONG = c(sample(down, 20), sample(genes, 10)),
  UP_WEAK = c(sample(up, 8), sample(genes, 32)),
  DOWN_WEAK = c(sample(down, 6), sample(genes, 24)),
  RANDOM_A = sample(genes, 40),
  RANDOM_B = sample(genes, 60),
  RANDOM_C = c(sample(genes, 20), "NOT_IN_LIST1", "NOT_IN_LIST2"),
  TOO_SMALL = sample(genes, 10)
)
run_case("weighted", genes, score, sets, 1, 40000, 20000, 1)
run_case("classic", genes, score, sets, 0, 40000, 20000, 2)
