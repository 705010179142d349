"""La raíz de composición: arma, desde la configuración, los servicios de una instalación y los
conecta entre sí. Es el único lugar donde eso ocurre, y falla en voz alta si algo falta.

Las capacidades no se conocen entre sí: las plantillas citan cartas y numeran salidas por un
puerto (`plantillas.PuertoCorrespondencia`) que aquí se llena con la correspondencia real; el
archivo no sabe de borradores ni de convenios, y aquí recibe las condiciones que impiden sellar.
Las sesiones de la base llevan la bitácora y el índice de búsqueda del archivo porque aquí se
abren así.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from archivo import Almacen, Bloqueo, Requisitos, almacen_de, cargar_requisitos, instalar_indice
from correspondencia import (
    DatosSalida,
    Envio,
    FiltrosBandeja,
    anotar_salida,
    anular_salida,
    elegir_envio,
    emitir_salida,
    listar_cartas,
    nombre_del_remitente,
    referencia_citable,
    reservar_numero,
)
from expedientes import (
    ZONA_LOCAL,
    Actor,
    BaseDeDatos,
    Extension,
    Settings,
    configurar_calendario,
    hoy,
    leer_cierres,
)
from plantillas import (
    CartaCitada,
    Parametros,
    PuertoCorrespondencia,
    SalidaDelDocumento,
    parametros,
    sincronizar_catalogo,
)
from seguimiento import BLOQUEOS_DE_SELLADO

# Lo que cada sesión de la base lleva además de la bitácora.
EXTENSIONES_DE_SESION: tuple[Extension, ...] = (instalar_indice,)


@dataclass(frozen=True)
class CorrespondenciaDeRecupera:
    """La correspondencia real, vista desde las plantillas."""

    dominio_correo: str

    def cartas_del_expediente(self, *, session: Session, expediente_id: int) -> list[CartaCitada]:
        """Las cartas entrantes vinculadas al expediente, las más recientes primero."""
        filas = listar_cartas(
            session=session,
            filtros=FiltrosBandeja(expediente_id=expediente_id),
            hoy=hoy(),
            limite=500,
        )
        return [
            CartaCitada(
                numero=r.carta.numero,
                recibida_el=r.carta.recibido_en.astimezone(ZONA_LOCAL).date(),
                remitente=nombre_del_remitente(r.carta.remitente),
                referencia_remitente=referencia_citable(r.carta.referencia_remitente),
                asunto=r.carta.asunto,
            )
            for r in filas
        ]

    def reservar_salida(self, *, session: Session, anio: int) -> str:
        """El siguiente número `CS-` del año."""
        return reservar_numero(session=session, anio=anio)

    def anotar_salida(self, *, session: Session, salida: SalidaDelDocumento) -> str:
        """La carta saliente en redacción del documento; devuelve su Message-ID."""
        datos = DatosSalida(**asdict(salida))
        saliente = anotar_salida(session=session, datos=datos, dominio_correo=self.dominio_correo)
        return saliente.message_id or ""

    def elegir_envio(
        self,
        *,
        session: Session,
        numero: str,
        canal: str,
        correo: str,
        plazo_respuesta_dias: int | None,
    ) -> None:
        """Por dónde y a quién saldrá la carta en redacción, y su plazo de respuesta."""
        elegir_envio(
            session=session,
            numero=numero,
            envio=Envio(canal, correo),
            plazo_respuesta_dias=plazo_respuesta_dias,
        )

    def emitir_salida(
        self, *, session: Session, numero: str, emitida_el: date, pdf_sha256: str | None
    ) -> None:
        """La carta queda por enviar por el canal elegido; la que responde, respondida."""
        emitir_salida(session=session, numero=numero, emitida_el=emitida_el, pdf_sha256=pdf_sha256)

    def anular_salida(self, *, session: Session, numero: str, motivo: str) -> None:
        """El número queda usado, anulado con el motivo."""
        anular_salida(session=session, numero=numero, motivo=motivo)


@dataclass(frozen=True)
class Servicios:
    """Los servicios de una instalación, ya conectados."""

    settings: Settings
    bd: BaseDeDatos
    almacen: Almacen
    requisitos: Requisitos
    documentos: Parametros
    bloqueos_de_sellado: tuple[Bloqueo, ...]


def registrar_plantillas(servicios: Servicios) -> None:
    """Registra en la base las plantillas del proyecto que falten, en su propia transacción: lo
    hacen `recupera db upgrade` y el arranque de la web, para que ninguna consulta escriba.

    Si otro proceso arranca a la vez y las registra primero, se vuelve a intentar (ya no falta
    nada); un catálogo que no coincide con lo registrado es un ErrorDominio: la instalación está
    mal y no debe arrancar.
    """
    for intento in range(2):
        try:
            with servicios.bd.sesion(Actor("sistema:catalogo")) as s:
                sincronizar_catalogo(session=s, almacen=servicios.almacen)
            return
        except IntegrityError:
            if intento:
                raise


@lru_cache(maxsize=8)
def base_de_datos(url: str) -> BaseDeDatos:
    """La base de `url` para este proceso (un engine por URL), con bitácora e índice."""
    return BaseDeDatos.desde_url(url, EXTENSIONES_DE_SESION)


def _cierres(bd: BaseDeDatos) -> list[tuple[date, str]]:
    """Los cierres institucionales de la base, para el calendario del proceso."""
    with bd.sesion(Actor("sistema:calendario"), solo_lectura=True) as s:
        return leer_cierres(s)


def componer(settings: Settings) -> Servicios:
    """Los servicios de la instalación que describe `settings`; ErrorDominio si algo no sirve
    (p. ej., una lista de documentos requeridos ilegible)."""
    correspondencia: PuertoCorrespondencia = CorrespondenciaDeRecupera(settings.dominio_correo)
    bd = base_de_datos(settings.url_base_de_datos)
    configurar_calendario(
        subdivision=settings.feriados_locales, cargar_cierres=lambda: _cierres(bd)
    )
    return Servicios(
        settings=settings,
        bd=bd,
        almacen=almacen_de(settings.data_dir),
        requisitos=cargar_requisitos(settings.requisitos_archivo),
        documentos=parametros(settings, correspondencia=correspondencia),
        bloqueos_de_sellado=BLOQUEOS_DE_SELLADO,
    )
