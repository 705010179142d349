"""La excepción única del dominio: errores que un usuario puede causar y corregir."""

from __future__ import annotations

from collections.abc import Iterable


class ErrorDominio(Exception):
    """Un error con mensaje en español que dice qué corregir, y opcionalmente la lista de problemas."""

    def __init__(self, mensaje: str, problemas: Iterable[str] = ()) -> None:
        self.mensaje = mensaje
        self.problemas = list(problemas)
        super().__init__(self.texto_completo())

    def texto_completo(self) -> str:
        """El mensaje seguido de cada problema en su línea."""
        if not self.problemas:
            return self.mensaje
        return self.mensaje + "\n" + "\n".join(f"  - {p}" for p in self.problemas)


class NoEncontrado(ErrorDominio):
    """Lo pedido no existe (un número patronal, un expediente, un usuario)."""


class TransicionNoPermitida(ErrorDominio):
    """Un cambio de estado que la máquina de estados no admite."""
