# Regenerates the htest golden cases for `prognos test` (R 4.2.2, jsonlite).
# Run from this folder: Rscript make.R
library(jsonlite)
case <- function(name, d, args, r, extra = list()) {
  dir.create(name, showWarnings = FALSE)
  write.csv(d, file.path(name, "data.csv"), row.names = FALSE)
  out <- c(list(statistic = if (is.null(r$statistic)) NULL else unname(r$statistic),
                p = r$p.value), extra)
  if (!is.null(r$parameter)) out$df <- if (length(r$parameter) == 1) unname(r$parameter) else unname(as.numeric(r$parameter))
  if (!is.null(r$estimate)) out$estimate <- as.list(r$estimate)
  # infinite one-sided limits are written as null, as prognos does
  fin <- function(v) if (is.finite(v)) v else NULL
  if (!is.null(r$conf.int)) out$conf_int <- list(lower = fin(r$conf.int[1]), upper = fin(r$conf.int[2]))
  writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null"), file.path(name, "golden.json"))
  writeLines(paste("test", args, "--data data.csv --json"), file.path(name, "args"))
  writeLines('{"default": {"abs": 1e-10, "rel": 1e-9}, "keys": {"statistic": {"abs": 1e-10, "rel": 1e-9}, "estimate.odds ratio": {"abs": 1e-8, "rel": 1e-7}, "conf_int.lower": {"abs": 1e-8, "rel": 1e-7}, "conf_int.upper": {"abs": 1e-8, "rel": 1e-7}}}',
             file.path(name, "tol.json"))
}
sl <- sleep; sl$group <- as.character(sl$group)
case("sleep_welch", sl[, c("extra", "group")], "--kind welch --x extra --group group", t.test(extra ~ group, sl))
case("sleep_student_less", sl[, c("extra", "group")], "--kind t --x extra --group group --alternative less",
     t.test(extra ~ group, sl, var.equal = TRUE, alternative = "less"))
pw <- data.frame(x = sl$extra[1:10], y = sl$extra[11:20])
case("sleep_paired", pw, "--kind paired --x x --y y", t.test(pw$x, pw$y, paired = TRUE))
case("sleep_wilcoxon_ties", sl[, c("extra", "group")], "--kind wilcoxon --x extra --group group",
     suppressWarnings(wilcox.test(extra ~ group, sl)))
mt <- mtcars[, c("mpg", "am", "cyl", "wt", "gear")]
case("small_wilcoxon_exact_greater", data.frame(x = c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30, 0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.01, 3.14, 1.27), g = rep(c("a", "b"), each = 9)),
     "--kind wilcoxon --x x --group g --alternative greater",
     wilcox.test(c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30), c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.01, 3.14, 1.27), alternative = "greater"))
case("sleep_signed_rank_ties", pw, "--kind signed-rank --x x --y y", suppressWarnings(wilcox.test(pw$x, pw$y, paired = TRUE)))
case("mtcars_kruskal_cyl", mt, "--kind kruskal --x mpg --group cyl", kruskal.test(mpg ~ cyl, mt))
case("mtcars_anova_cyl", mt, "--kind anova --x mpg --group cyl", oneway.test(mpg ~ cyl, mt, var.equal = TRUE))
case("mtcars_chisq_am_gear", mt, "--kind chisq --x am --y gear", suppressWarnings(chisq.test(table(mt$am, mt$gear))))
case("mtcars_chisq_yates_am_vs", mtcars[, c("am", "vs")], "--kind chisq --x am --y vs", chisq.test(table(mtcars$am, mtcars$vs)))
case("mtcars_fisher_am_vs", mtcars[, c("am", "vs")], "--kind fisher --x am --y vs", fisher.test(table(mtcars$am, mtcars$vs)))
case("mtcars_fisher_am_vs_less", mtcars[, c("am", "vs")], "--kind fisher --x am --y vs --alternative less",
     fisher.test(table(mtcars$am, mtcars$vs), alternative = "less"))
case("mtcars_fisher_rxc_am_gear", mt, "--kind fisher --x am --y gear", fisher.test(table(mt$am, mt$gear)))
case("mtcars_pearson", mt, "--kind pearson --x mpg --y wt", cor.test(mt$mpg, mt$wt))
case("mtcars_spearman_ties", mt, "--kind spearman --x mpg --y wt", suppressWarnings(cor.test(mt$mpg, mt$wt, method = "spearman")))
small <- data.frame(x = c(3.1, 1.2, 5.5, 4.0, 2.2, 6.3, 7.7, 0.5), y = c(2.0, 1.5, 4.1, 6.2, 2.9, 5.0, 8.8, 3.3))
case("small_spearman_exact", small, "--kind spearman --x x --y y", cor.test(small$x, small$y, method = "spearman"))
