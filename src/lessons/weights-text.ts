/**
 * Lessons say different things about random and trained weights: text between `<!-- random -->` and
 * `<!-- /random -->` is for the tour's random weights, between `<!-- trained -->` and `<!-- /trained -->` for a
 * trained model (`--model`). This keeps the one that applies.
 */
export function weightsText(markdown: string, trained: boolean): string {
	const drop = trained ? 'random' : 'trained';
	const keep = trained ? 'trained' : 'random';
	return markdown.replace(new RegExp(`<!-- ${drop} -->[\\s\\S]*?<!-- /${drop} -->\\n?`, 'g'), '').replace(new RegExp(`<!-- /?${keep} -->\\n?`, 'g'), '');
}
