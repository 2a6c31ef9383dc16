# Regenerates the table1 golden cases (R 4.2.2, jsonlite). Run from this folder: Rscript make.R
library(jsonlite)
f1 <- function(v) sprintf("%.1f", v)
summ_cont <- function(x, nonnormal) {
  if (nonnormal) {
    q <- quantile(x, c(0.5, 0.25, 0.75), type = 7)
    sprintf("%s (%s, %s)", f1(q[1]), f1(q[2]), f1(q[3]))
  } else sprintf("%s ± %s", f1(mean(x)), f1(sd(x)))
}
make_case <- function(name, d, group, vars, factors = character(), nonnormal = character()) {
  dir.create(name, showWarnings = FALSE)
  write.csv(d[, c(group, vars)], file.path(name, "data.csv"), row.names = FALSE)
  d <- read.csv(file.path(name, "data.csv"))
  d <- d[complete.cases(d), ]
  g <- factor(d[[group]])
  lv <- levels(g)
  rows <- list()
  for (v in vars) {
    x <- d[[v]]
    if (v %in% factors) {
      xf <- factor(x)
      tab <- table(xf, g)
      E <- suppressWarnings(chisq.test(tab)$expected)
      if (any(E < 5)) { test <- "Fisher"; p <- fisher.test(tab)$p.value }
      else { test <- "chi-square"; p <- chisq.test(tab)$p.value }
      for (l in levels(xf)) {
        s <- setNames(lapply(lv, function(k) sprintf("%d (%s%%)", tab[l, k], f1(100 * tab[l, k] / sum(tab[, k])))), lv)
        rows[[length(rows) + 1]] <- list(variable = v, level = l, summary = s, test = test, p = p)
      }
    } else {
      nn <- v %in% nonnormal
      s <- setNames(lapply(lv, function(k) summ_cont(x[g == k], nn)), lv)
      if (length(lv) == 2) {
        if (nn) { test <- "Mann-Whitney"; p <- suppressWarnings(wilcox.test(x ~ g)$p.value) }
        else { test <- "t-test"; p <- t.test(x ~ g)$p.value }
      } else {
        if (nn) { test <- "Kruskal-Wallis"; p <- kruskal.test(x ~ g)$p.value }
        else { test <- "ANOVA"; p <- oneway.test(x ~ g, var.equal = TRUE)$p.value }
      }
      rows[[length(rows) + 1]] <- list(variable = v, level = NULL, summary = s, test = test, p = p)
    }
  }
  out <- list(groups = lv, rows = rows)
  writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null"), file.path(name, "golden.json"))
  args <- paste("table1 --data data.csv --group", group, "--vars", paste(vars, collapse = ","))
  if (length(factors)) args <- paste(args, "--factors", paste(factors, collapse = ","))
  if (length(nonnormal)) args <- paste(args, "--nonnormal", paste(nonnormal, collapse = ","))
  writeLines(paste(args, "--json"), file.path(name, "args"))
  writeLines('{"default": {"abs": 1e-8, "rel": 1e-6}, "keys": {"rows[].p": {"abs": 1e-12, "rel": 1e-9}}}',
             file.path(name, "tol.json"))
}
make_case("mtcars_am", mtcars, "am", c("mpg", "hp", "wt", "cyl", "gear"),
          factors = c("cyl", "gear"), nonnormal = "hp")
tg <- ToothGrowth; tg$dose <- factor(tg$dose)
make_case("toothgrowth_dose", tg, "dose", c("len", "supp"), factors = "supp")
inf <- infert[, c("education", "age", "parity", "induced", "case", "spontaneous")]
make_case("infert_education", inf, "education", c("age", "parity", "induced", "case"),
          factors = c("induced", "case"), nonnormal = "parity")
