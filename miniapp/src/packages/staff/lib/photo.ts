// The photo picker lives in the main package (residents' 隐患随手拍 uses it too); re-exported for staff pages.
export { MAX_PHOTO_BYTES, pickPhoto, type PickedPhoto } from "@/services/photo";
