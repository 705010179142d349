"""Lo que la ficha del expediente muestra del seguimiento: su convenio cuota por cuota, dónde va
su transacción y su historia en la Unidad Jurídica, con las acciones que la persona puede dar.

Nada se decide aquí: los estados y lo que falta vienen de los servicios (`seguimiento.*`); la
política dice quién ve cada formulario. En un expediente sellado o cerrado solo queda la historia.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import col, select

from correspondencia.bandeja import FiltrosBandeja, Renglon, listar
from expedientes.errores import ErrorDominio, TransicionNoPermitida
from expedientes.etapas import ETAPAS_FINALES, Etapa, Tipo, validar_transicion
from expedientes.modelos import Expediente, Usuario
from expedientes.politica import Permiso, puede
from expedientes.tipos import hoy
from plantillas.modelos import DocumentoGenerado, EstadoDocumento
from recupera.web.acceso import db, settings, usuario_actual
from recupera.web.archivo.datos import requisitos
from seguimiento import juridica
from seguimiento import transacciones as tr
from seguimiento.convenios import PLANTILLA, FilaConvenio
from seguimiento.convenios import listar as listar_convenios
from seguimiento.convenios_estados import EN_CURSO, EstadoConvenio
from seguimiento.convenios_estados import NOMBRES_ESTADO as NOMBRES_CONVENIO
from seguimiento.modelos import Alerta, CuotaConvenio, InformeJuridica
from seguimiento.revision_cuotas import esta_vencida, limite_de_pago
from seguimiento.situacion import Situacion, situacion

# Los tipos de expediente en que cada sección tiene sentido aunque todavía esté vacía.
TIPOS_CON_CONVENIO = frozenset({Tipo.CONVENIO, Tipo.COBRO})
TIPOS_CON_JURIDICA = frozenset({Tipo.JURIDICA, Tipo.COBRO, Tipo.CONVENIO})


@dataclass(frozen=True)
class CuotaVista:
    """Una cuota con su estado a hoy: pagada, parcial, vencida (pasada la tolerancia en días
    hábiles) o por vencer."""

    cuota: CuotaConvenio
    limite: date
    clase: str
    texto: str


def estado_de_cuota(cuota: CuotaConvenio, dia: date, tolerancia: int) -> CuotaVista:
    """Cómo se lee la cuota hoy."""
    limite = limite_de_pago(cuota.vence_el, tolerancia)
    if cuota.pagado >= cuota.monto:
        cuando = f" el {cuota.pagada_el:%d/%m/%Y}" if cuota.pagada_el else ""
        return CuotaVista(cuota, limite, "pagada", f"Pagada{cuando}")
    if esta_vencida(cuota, dia, tolerancia):
        parcial = " (pago parcial)" if cuota.pagado > 0 else ""
        return CuotaVista(cuota, limite, "vencida", f"Vencida{parcial}")
    if cuota.pagado > 0:
        return CuotaVista(cuota, limite, "parcial", "Pago parcial")
    if cuota.vence_el < dia:
        return CuotaVista(cuota, limite, "por-vencer", f"En tolerancia hasta el {limite:%d/%m/%Y}")
    return CuotaVista(cuota, limite, "por-vencer", "Por vencer")


@dataclass(frozen=True)
class ConvenioVista:
    """Un convenio del expediente con sus cuotas leídas a hoy y lo que se le puede hacer."""

    fila: FilaConvenio
    cuotas: list[CuotaVista]
    puede_legalizar: bool = False
    puede_rehabilitar: bool = False

    @property
    def vencidas(self) -> int:
        """Cuántas cuotas están vencidas."""
        return sum(1 for c in self.cuotas if c.clase == "vencida")


@dataclass
class SeccionConvenio:
    """La sección «Convenio»: los convenios (el último primero), los documentos finales que se
    pueden registrar y las alertas pendientes del expediente."""

    convenios: list[ConvenioVista] = field(default_factory=list)
    registrables: list[DocumentoGenerado] = field(default_factory=list)
    alertas: list[Alerta] = field(default_factory=list)
    puede_atender: bool = False
    # El id de cada requerimiento de pago generado por una cuota vencida, por su número DRP.
    requerimientos: dict[str, int] = field(default_factory=dict)


@dataclass
class SeccionTransaccion:
    """La sección «Transacción»: la situación del servicio y las opciones de sus formularios."""

    situacion: Situacion
    puede: bool
    cartas: list[Renglon]
    anteproyectos: list[DocumentoGenerado]


@dataclass
class SeccionJuridica:
    """La sección «Unidad Jurídica»: historia, memorándum para trasladar y formularios."""

    historia: list[InformeJuridica]
    nombres: dict[int, str]
    memorandum: DocumentoGenerado | None = None
    traslado_faltan: list[str] = field(default_factory=list)
    puede_trasladar: bool = False
    puede_informar: bool = False
    cartas: list[Renglon] = field(default_factory=list)
    estados: dict[str, str] = field(default_factory=dict)


@dataclass
class Seguimiento:
    """Las tres secciones (None la que no aplica a este expediente) y si ya no admite cambios."""

    cerrado: bool
    convenio: SeccionConvenio | None
    transaccion: SeccionTransaccion | None
    juridica: SeccionJuridica | None


def _documentos_finales(expediente: Expediente, plantilla: str) -> list[DocumentoGenerado]:
    return list(
        db()
        .exec(
            select(DocumentoGenerado)
            .where(
                DocumentoGenerado.expediente_id == expediente.id,
                DocumentoGenerado.plantilla == plantilla,
                DocumentoGenerado.estado == EstadoDocumento.FINAL,
            )
            .order_by(col(DocumentoGenerado.id).desc())
        )
        .all()
    )


def _cartas(expediente: Expediente) -> list[Renglon]:
    """Las cartas vinculadas al expediente, las más recientes primero."""
    return listar(session=db(), filtros=FiltrosBandeja(expediente_id=expediente.id), hoy=hoy())


def _convenio(expediente: Expediente, quien: Usuario | None, cerrado: bool) -> SeccionConvenio:
    filas = listar_convenios(session=db(), expediente_id=expediente.id)
    dia, tolerancia = hoy(), settings().tolerancia_cuota_dias
    en_curso = any(f.convenio.estado in EN_CURSO for f in filas)
    seccion = SeccionConvenio()
    for f in reversed(filas):
        estado = f.convenio.estado
        seccion.convenios.append(
            ConvenioVista(
                f,
                [estado_de_cuota(c, dia, tolerancia) for c in f.cuotas],
                puede_legalizar=not cerrado
                and estado == EstadoConvenio.BORRADOR
                and puede(quien, Permiso.INCORPORAR_DOCUMENTO, expediente),
                # Rehabilitar uno caído mientras otro está en curso dejaría dos a la vez.
                puede_rehabilitar=not cerrado
                and not en_curso
                and estado == EstadoConvenio.INCUMPLIDO
                and puede(quien, Permiso.REHABILITAR_CONVENIO, expediente),
            )
        )
    if not cerrado and not en_curso and puede(quien, Permiso.REDACTAR_DOCUMENTO, expediente):
        registrados = {f.convenio.documento_numero for f in filas}
        seccion.registrables = [
            d for d in _documentos_finales(expediente, PLANTILLA) if d.numero not in registrados
        ]
    numeros = {c.requerimiento_numero for f in filas for c in f.cuotas if c.requerimiento_numero}
    if numeros:
        seccion.requerimientos = {
            n: i
            for n, i in db()
            .exec(
                select(DocumentoGenerado.numero, DocumentoGenerado.id).where(
                    col(DocumentoGenerado.numero).in_(numeros)
                )
            )
            .all()
            if i is not None
        }
    seccion.alertas = list(
        db()
        .exec(
            select(Alerta)
            .where(Alerta.expediente_id == expediente.id, col(Alerta.atendida_el).is_(None))
            .order_by(col(Alerta.creada_el), col(Alerta.id))
        )
        .all()
    )
    seccion.puede_atender = not cerrado and puede(quien, Permiso.ATENDER_ALERTA, expediente)
    return seccion


def _transaccion(expediente: Expediente, quien: Usuario | None) -> SeccionTransaccion:
    actual = situacion(session=db(), expediente=expediente, requisitos=requisitos())
    permitido = bool(actual.siguientes) and puede(quien, Permiso.CAMBIAR_ETAPA, expediente)
    return SeccionTransaccion(
        situacion=actual,
        puede=permitido,
        cartas=_cartas(expediente) if permitido else [],
        anteproyectos=_documentos_finales(expediente, tr.PLANTILLA_ANTEPROYECTO)
        if permitido
        else [],
    )


def _traslado(expediente: Expediente, seccion: SeccionJuridica) -> None:
    """El memorándum con que se trasladaría hoy, o lo que falta para poder trasladar."""
    try:
        validar_transicion(expediente.etapa, Etapa.EN_JURIDICA, "traslado")
        seccion.memorandum = juridica.memorandum_final(session=db(), expediente=expediente)
    except TransicionNoPermitida as exc:
        seccion.traslado_faltan = [exc.mensaje]
    except ErrorDominio as exc:
        seccion.traslado_faltan = [exc.mensaje, *exc.problemas]


def _juridica(expediente: Expediente, quien: Usuario | None, cerrado: bool) -> SeccionJuridica:
    historia = juridica.informes_de(session=db(), expediente=expediente)
    ids = {i.registrado_por_id for i in historia if i.registrado_por_id}
    usuarios = db().exec(select(Usuario).where(col(Usuario.id).in_(ids))).all() if ids else []
    seccion = SeccionJuridica(historia, {u.id or 0: u.nombre_completo for u in usuarios})
    if cerrado or not puede(quien, Permiso.CAMBIAR_ETAPA, expediente):
        return seccion
    if expediente.etapa == Etapa.EN_JURIDICA:
        usadas = {i.carta_numero for i in historia}
        seccion.puede_informar = True
        seccion.cartas = [r for r in _cartas(expediente) if r.carta.numero not in usadas]
        seccion.estados = {e.value: juridica.NOMBRES_ESTADO[e] for e in juridica.INFORMABLES}
        return seccion
    _traslado(expediente, seccion)
    seccion.puede_trasladar = seccion.memorandum is not None
    return seccion


def contexto(expediente: Expediente) -> dict[str, object]:
    """Lo que la plantilla de la ficha necesita del seguimiento (`seguimiento` es None si la
    persona no lo ve)."""
    return {
        "seguimiento": secciones(expediente),
        "nombres_convenio": NOMBRES_CONVENIO,
        "nombres_transaccion": tr.NOMBRES_ESTADO,
        "nombres_paso": tr.NOMBRES_PASO,
        "nombres_juridica": juridica.NOMBRES_ESTADO,
        "tolerancia": settings().tolerancia_cuota_dias,
    }


def secciones(expediente: Expediente) -> Seguimiento | None:
    """Las secciones del seguimiento para la ficha, o None si la persona no ve el seguimiento."""
    quien = usuario_actual()
    if not puede(quien, Permiso.VER_SEGUIMIENTO):
        return None
    cerrado = expediente.sellado_en is not None or expediente.etapa in ETAPAS_FINALES
    convenio = _convenio(expediente, quien, cerrado)
    con_transaccion = expediente.tipo == Tipo.TRANSACCION or (
        tr.transaccion_de(session=db(), expediente=expediente) is not None
    )
    transaccion = _transaccion(expediente, quien) if con_transaccion else None
    seccion_juridica = _juridica(expediente, quien, cerrado)
    return Seguimiento(
        cerrado=cerrado,
        convenio=convenio
        if convenio.convenios or convenio.registrables or expediente.tipo in TIPOS_CON_CONVENIO
        else None,
        transaccion=transaccion,
        juridica=seccion_juridica
        if seccion_juridica.historia
        or expediente.tipo in TIPOS_CON_JURIDICA
        or expediente.etapa == Etapa.EN_JURIDICA
        else None,
    )
