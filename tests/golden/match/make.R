# Golden cases for `prognos match` (run from this folder: Rscript make.R).
#
# Data: MatchIt::lalonde (614 rows), model treat ~ age + educ + race +
# married + nodegree + re74 + re75 (race a factor, levels black < hispan <
# white).
#
# Why not MatchIt's own pairs: Debian's MatchIt 4.5.1 has the integer-abs()
# bug in its fast matcher nn_matchC_vec (upstream issue #163, fixed in
# 4.5.4): every |distance difference| is truncated to 0, so the left
# neighbour always wins and calipers are ignored. The pairs here come from
# `greedy_att()` below, a plain-R transcription of the corrected rule
# (MatchIt >= 4.5.4):
#   - units sorted by the propensity score with sort.list (stable);
#   - treated units visited in m.order ("largest": order(ps, decreasing =
#     TRUE), stable, ties in data order), one round per match (ratio rounds);
#   - each takes the nearest still-available control on the left and on the
#     right of its sorted position; a control farther than the caliper is
#     not eligible (and nor is anything beyond it); the left (lower-score)
#     one wins when |dL| <= |dR|;
#   - caliper = caliper * sd(ps) over all units (std.caliper = TRUE).
# As a cross-check that does not use the buggy code path, MatchIt 4.5.1 is
# also run with the distance given as a matrix (nn_matchC, no abs()), with
# the caliper in absolute units: the matched propensity scores must agree
# (an exact PS tie between two controls could pick a different row with
# the same score, which the check allows for).
#
# Balance comes from MatchIt's own bal1var (what summary.matchit calls with
# standardize = TRUE, s.d.denom = "treated"), with the matching weights of
# weights_matrixC computed from the corrected pairs.
suppressPackageStartupMessages({library(MatchIt); library(jsonlite)})
stopifnot(packageVersion("MatchIt") >= "4.5.0")
data(lalonde, package = "MatchIt")
d <- lalonde[, c("treat", "age", "educ", "race", "married", "nodegree", "re74", "re75", "re78")]
d$race <- as.character(d$race)
f <- treat ~ age + educ + race + married + nodegree + re74 + re75

source("greedy_att.R")

weights_from_mm <- function(mm, n) {
  w <- numeric(n)
  for (t in seq_len(n)) if (length(mm[[t]])) {
    w[t] <- w[t] + 1
    w[mm[[t]]] <- w[mm[[t]]] + 1 / length(mm[[t]])
  }
  w
}

bal_names <- function(nm) sub("^race(.*)$", "race[\\1]", nm)

make_case <- function(name, args, ratio = 1, caliper = NULL, m.order = "largest", replace = FALSE,
                      seed = NULL) {
  dir.create(name, showWarnings = FALSE)
  write.csv(d, file.path(name, "lalonde.csv"), row.names = FALSE, quote = FALSE)
  dd <- read.csv(file.path(name, "lalonde.csv"))
  ps <- glm(f, data = dd, family = binomial)$fitted.values
  treat <- dd$treat
  n <- nrow(dd)
  mm <- greedy_att(ps, treat, ratio, caliper, m.order, replace, seed)

  # cross-check with MatchIt's matrix-distance matcher (no integer abs);
  # it only takes m.order = "data", so the treated rows are put in the
  # matching order first (controls keep data order)
  # (m.order = "random" is taken as is: MatchIt draws sample.int(n1) from
  # the stream set.seed(seed) starts, which checks that nothing else in
  # matchit() draws first)
  tr <- which(treat == 1)
  if (m.order == "random") {
    dp <- dd; rownames(dp) <- seq_len(n); psp <- ps; mo <- "random"
  } else {
    ord <- switch(m.order, largest = tr[order(ps[tr], decreasing = TRUE)],
                  smallest = tr[order(ps[tr])], data = tr)
    perm <- c(ord, which(treat == 0))
    dp <- dd[perm, ]; rownames(dp) <- perm
    psp <- ps[perm]; mo <- "data"
  }
  dm <- abs(outer(psp[dp$treat == 1], psp[dp$treat == 0], "-"))
  if (!is.null(seed)) set.seed(seed)
  m <- matchit(f, data = dp, method = "nearest", distance = dm, ratio = ratio,
               m.order = mo, replace = replace,
               caliper = if (is.null(caliper)) NULL else c(caliper * sd(ps)),
               std.caliper = FALSE)
  mmx <- m$match.matrix
  for (i in seq_len(nrow(mmx))) {
    t <- as.integer(rownames(mmx)[i])
    ctl <- as.integer(na.omit(mmx[i, ]))
    stopifnot(identical(unname(sort(ps[ctl])), unname(sort(ps[mm[[t]]]))))
  }

  w <- weights_from_mm(mm, n)
  X <- MatchIt:::get.covs.matrix(f, data = dd)
  bal <- lapply(seq_len(ncol(X)), function(j) {
    b <- MatchIt:::bal1var(X[, j], treat, ww = NULL, s.weights = rep(1, n),
                           standardize = TRUE, s.d.denom = "treated")
    a <- MatchIt:::bal1var(X[, j], treat, ww = w, s.weights = rep(1, n),
                           standardize = TRUE, s.d.denom = "treated",
                           compute.pair.dist = FALSE)
    list(covariate = bal_names(colnames(X)[j]),
         mean_treated_before = b[[1]], mean_control_before = b[[2]], smd_before = b[[3]],
         var_ratio_before = b[[4]],
         ecdf_mean_before = b[[5]], ecdf_max_before = b[[6]],
         mean_treated_after = a[[1]], mean_control_after = a[[2]], smd_after = a[[3]],
         var_ratio_after = a[[4]],
         ecdf_mean_after = a[[5]], ecdf_max_after = a[[6]])
  })
  tr <- which(treat == 1)
  pairs <- lapply(tr[lengths(mm[tr]) > 0], function(t)
    list(treated_row = t - 1L, control_rows = I(mm[[t]] - 1L)))
  g <- list(n_treated = sum(treat == 1), n_control = sum(treat == 0),
            matched_treated = length(pairs),
            matched_control = sum(w > 0 & treat == 0),
            pairs = pairs, balance = bal)
  if (!is.null(caliper)) g$caliper_width <- caliper * sd(ps)
  write_json(g, file.path(name, "golden.json"), auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE)
  writeLines(args, file.path(name, "args"))
  tol <- list(rule = "as /work/shared/reference tol.json",
              default = list(abs = 1e-8, rel = 1e-6),
              # R writes an exact 0 (e.g. a mean difference that matching
              # removed) as the integer 0; give the balance fields an explicit
              # numeric tolerance so the runner does not compare them exactly
              keys = setNames(rep(list(list(abs = 1e-8, rel = 1e-6)), 12),
                              paste0("balance[].", c(
                                "mean_treated_before", "mean_control_before", "smd_before",
                                "var_ratio_before", "ecdf_mean_before", "ecdf_max_before",
                                "mean_treated_after", "mean_control_after", "smd_after",
                                "var_ratio_after", "ecdf_mean_after", "ecdf_max_after"))),
              match_by = list(pairs = "treated_row", balance = "covariate"))
  write_json(tol, file.path(name, "tol.json"), auto_unbox = TRUE, pretty = TRUE)
}

base <- "match --data lalonde.csv --treatment treat --covariates age,educ,race,married,nodegree,re74,re75 --factors race"
make_case("lalonde_nearest", paste(base, "--json"))
make_case("lalonde_caliper", paste(base, "--caliper 0.2 --json"), caliper = 0.2)
make_case("lalonde_ratio2_smallest_caliper", paste(base, "--ratio 2 --order smallest --caliper 0.1 --json"),
          ratio = 2, caliper = 0.1, m.order = "smallest")
make_case("lalonde_ratio2_replace", paste(base, "--ratio 2 --replace --json"), ratio = 2, replace = TRUE)
make_case("lalonde_random_caliper", paste(base, "--order random --seed 42 --caliper 0.1 --json"),
          caliper = 0.1, m.order = "random", seed = 42L)
make_case("lalonde_random_ratio2", paste(base, "--ratio 2 --order random --seed 20261123 --json"),
          ratio = 2, m.order = "random", seed = 20261123L)
cat("versions:", R.version.string, "MatchIt", as.character(packageVersion("MatchIt")),
    "jsonlite", as.character(packageVersion("jsonlite")), "\n")
