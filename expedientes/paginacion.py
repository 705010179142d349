"""Paginar una lista: qué página se pide, cuántas hay y qué filas caen en ella, con el total.

Las listas del departamento (cartas, documentos, expedientes…) crecen con los años: nunca se cortan
en un tamaño fijo. La página y el orden viajan en la URL (`?pagina=3&orden=-recibido`), así que un
enlace guardado vuelve a la misma vista. Las consultas piden primero los ids de la página por el
índice del orden (`LIMIT/OFFSET` sobre una sola tabla) y después las filas completas de esos ids:
una página profunda no arrastra las uniones de todas las anteriores.
"""

from __future__ import annotations

from dataclasses import dataclass

TAMANO_PAGINA = 50


@dataclass(frozen=True)
class Pagina:
    """Una página de una lista: su número (desde 1), su tamaño y el total de filas."""

    numero: int
    tamano: int
    total: int

    @property
    def paginas(self) -> int:
        """Cuántas páginas hay (al menos una, aunque la lista esté vacía)."""
        return max(1, -(-self.total // self.tamano))

    @property
    def desplazamiento(self) -> int:
        """Cuántas filas se saltan para llegar a esta página."""
        return (self.numero - 1) * self.tamano

    @property
    def desde(self) -> int:
        """El número de la primera fila de la página (0 si no hay filas)."""
        return min(self.total, self.desplazamiento + 1)

    @property
    def hasta(self) -> int:
        """El número de la última fila de la página."""
        return min(self.total, self.desplazamiento + self.tamano)

    @property
    def anterior(self) -> int | None:
        """La página anterior, si hay."""
        return self.numero - 1 if self.numero > 1 else None

    @property
    def siguiente(self) -> int | None:
        """La página siguiente, si hay."""
        return self.numero + 1 if self.numero < self.paginas else None


def pagina_de(*, total: int, pedida: str | int | None, tamano: int = TAMANO_PAGINA) -> Pagina:
    """La página pedida (un número de la URL, o «ultima»), dentro de las que hay."""
    paginas = max(1, -(-total // tamano))
    if pedida == "ultima":
        numero = paginas
    else:
        texto = str(pedida or "1")
        numero = int(texto) if texto.isascii() and texto.isdigit() and len(texto) <= 7 else 1
    return Pagina(min(max(numero, 1), paginas), tamano, total)


def orden_pedido(pedido: str | None, posibles: tuple[str, ...], por_omision: str) -> str:
    """El orden de la URL (`clave` ascendente, `-clave` descendente) si es uno de los posibles."""
    if pedido and pedido.lstrip("-") in posibles:
        return pedido
    return por_omision
