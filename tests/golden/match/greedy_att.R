# The corrected greedy nearest-neighbour matcher of MatchIt >= 4.5.4 (the
# Debian 4.5.1 fast matcher applies integer abs() to distances, issue #163),
# written out in plain R so the goldens do not depend on the bug: treated
# units in m.order, controls by score (stable), an exact distance tie goes to
# the lower-score neighbour, caliper in SDs of the score over all units.
# m.order = "random" draws sample.int(n1) after set.seed(seed), as MatchIt
# does from the user's stream. Sourced by match/make.R and benefit/make.R.
greedy_att <- function(ps, treat, ratio = 1, caliper = NULL, m.order = "largest", replace = FALSE,
                       seed = NULL) {
  n <- length(ps)
  cal <- if (is.null(caliper)) Inf else caliper * sd(ps)
  s <- sort.list(ps)
  pos <- integer(n); pos[s] <- seq_len(n)
  tr <- which(treat == 1)
  ord <- switch(m.order,
                largest = tr[order(ps[tr], decreasing = TRUE)],
                smallest = tr[order(ps[tr])],
                # MatchIt: sample.int(n1) from the user's set.seed stream
                random = { set.seed(seed); tr[sample.int(length(tr))] },
                data = tr)
  avail <- treat == 0
  mm <- vector("list", n)
  for (r in seq_len(ratio)) for (t in ord) {
    if (length(mm[[t]]) < r - 1) next
    cand <- which(treat == 0 & (avail | replace))
    cand <- setdiff(cand, mm[[t]])
    left <- cand[pos[cand] < pos[t]]; right <- cand[pos[cand] > pos[t]]
    L <- if (length(left)) left[which.max(pos[left])] else NA
    R <- if (length(right)) right[which.min(pos[right])] else NA
    if (!is.na(L) && abs(ps[L] - ps[t]) > cal) L <- NA
    if (!is.na(R) && abs(ps[R] - ps[t]) > cal) R <- NA
    k <- if (!is.na(L) && !is.na(R)) {
      if (abs(ps[L] - ps[t]) <= abs(ps[R] - ps[t])) L else R
    } else if (!is.na(L)) L else if (!is.na(R)) R else NA
    if (is.na(k)) next
    mm[[t]] <- c(mm[[t]], k)
    if (!replace) avail[k] <- FALSE
  }
  mm
}
