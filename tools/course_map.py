"""Which lecture decks each notebook follows, for the course index page.

A notebook is matched by the words of its file name, preferring the entry with its number, so
a renumbered notebook keeps its decks and a new one shows none (the index prints "—").
"""

from dataclasses import dataclass

DECKS = {
    "solovey": "Соловей (лекция «Автоэнкодеры», 2021)",
    "itmo": "Викиконспекты ИТМО «Автокодировщик»",
    "utkin": "Уткин «Глубокое обучение: автокодеры»",
    "omgtu": "ОмГТУ «Специальные архитектуры нейронных сетей: АК»",
    "borisov": "Борисов «Автоэнкодеры»",
}


@dataclass(frozen=True)
class Topic:
    number: int
    words: tuple  # any of them in the file name (after the number) identifies the topic
    topic: str
    decks: tuple  # keys of DECKS


COURSE = (
    Topic(
        1, ("bottleneck",), "идея автокодировщика, горлышко", ("omgtu", "utkin", "solovey", "itmo")
    ),
    Topic(2, ("dense",), "полносвязный автокодировщик на MNIST", ("itmo", "omgtu", "borisov")),
    Topic(3, ("pca",), "PCA и линейный автокодировщик", ("solovey", "utkin", "borisov")),
    Topic(4, ("deep", "conv"), "глубокий и свёрточный автокодировщики", ("solovey", "borisov")),
    Topic(5, ("denois",), "шумоподавление", ("solovey", "utkin", "omgtu", "borisov")),
    Topic(6, ("sparse",), "разреженные автокодировщики", ("solovey", "utkin")),
    Topic(7, ("stacked", "pretrain"), "стек и предобучение", ("utkin", "omgtu", "solovey")),
    Topic(8, ("decoder",), "линейный декодер", ("utkin",)),
    Topic(9, ("contractive",), "сжимающий автокодировщик", ("utkin",)),
    Topic(10, ("latent",), "латентное пространство и генерация", ("omgtu", "borisov")),
    Topic(11, ("anomal",), "поиск аномалий", ("utkin",)),
    Topic(12, ("recommend",), "рекомендации", ("itmo",)),
    Topic(13, ("generalized",), "обобщённый автокодировщик", ("utkin",)),
    Topic(14, ("embedding",), "эмбеддинги с регуляризацией автокодировщиком", ("utkin",)),
    Topic(15, ("vae",), "вариационный автокодировщик", ("itmo", "utkin")),
)


def topic_of(stem):
    """The COURSE entry of a notebook file stem like "05_denoising", or None if unknown."""
    head, _, words = stem.partition("_")
    number = int(head) if head.isdigit() else None
    found = [t for t in COURSE if any(w in words.lower() for w in t.words)]
    same_number = [t for t in found if t.number == number]
    if same_number:
        return same_number[0]
    return found[0] if len(found) == 1 else None


def deck_titles(stem):
    """Citations of the decks a notebook follows (empty when the notebook is not in the map)."""
    topic = topic_of(stem)
    return [DECKS[key] for key in topic.decks] if topic else []
