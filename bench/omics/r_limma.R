# R timing of the same analysis as `prognos limma` (fit only, after reading).
suppressMessages(library(limma))
e <- as.matrix(data.table::fread("expr.csv"), rownames = 1)
s <- read.csv("samples.csv")
g <- factor(s$group[match(colnames(e), s$sample)])
t0 <- proc.time()[["elapsed"]]
design <- model.matrix(~ 0 + g); colnames(design) <- levels(g)
fit <- eBayes(contrasts.fit(lmFit(e, design), makeContrasts(B - A, levels = design)))
tt <- topTable(fit, number = Inf, sort.by = "P")
cat(sprintf("%.4f\n", proc.time()[["elapsed"]] - t0))
